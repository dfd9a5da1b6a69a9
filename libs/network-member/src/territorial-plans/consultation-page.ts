import { createHash } from 'node:crypto';

const escape = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = 'body{font-family:sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem}label{display:block;margin-top:.5rem}textarea,input{width:100%}';

/** Sends the form as JSON to the contributions endpoint beside the page and shows the answer. */
const SCRIPT = `document.getElementById('contribute').addEventListener('submit',async(e)=>{e.preventDefault();const f=e.target;const c={name:f.name.value};if(f.email.value)c.email=f.email.value;if(f.organisation.value)c.organisation=f.organisation.value;const r=await fetch(location.pathname.replace(/\\/$/,'')+'/contributions',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({text:f.text.value,contributor:c})});const b=await r.json().catch(()=>({}));document.getElementById('result').textContent=r.status===201?'Contribution '+b.contributionId+' received for draft '+b.draftVersion:'Not sent ('+r.status+'): '+(b.message||'')+(b.problems?' '+JSON.stringify(b.problems):'');});`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
export const CONSULTATION_PAGE_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The plan office's public page: the current draft, the answers given so far, and a form (when the draft is open). */
export function consultationPage(draft: {
  planId: string; name?: string; draftVersion: number; text?: string; openUntil: string; open: boolean;
  contributions: { contributionId: string; draftVersion: number; outcome: string | null; answer: string | null; incorporatedIn: number | null }[];
}): string {
  const answers = draft.contributions
    .map((c) => `<li id="c-${escape(c.contributionId)}">${escape(c.contributionId)} (draft ${c.draftVersion}): ${c.outcome ? `${escape(c.outcome)}: ${escape(c.answer)}` : 'awaiting an answer'}${c.incorporatedIn ? `; in draft ${c.incorporatedIn}` : ''}</li>`)
    .join('');
  const form = draft.open
    ? `<form id="contribute"><label>Your contribution<textarea name="text" maxlength="4000" required></textarea></label><label>Name<input name="name" maxlength="200" required></label><label>Email (optional)<input name="email" type="email"></label><label>Organisation (optional)<input name="organisation" maxlength="300"></label><button type="submit">Send</button></form><p id="result" role="status"></p><script>${SCRIPT}</script>`
    : '<p>This draft is closed to contributions.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(draft.name)}: draft ${draft.draftVersion}</title><style>${STYLE}</style></head><body><h1>${escape(draft.name)}</h1><h2>Draft ${draft.draftVersion}${draft.open ? `, open for contributions until ${escape(draft.openUntil)}` : ''}</h2><pre id="draft">${escape(draft.text)}</pre>${form}<h2>Contributions and the plan office's answers</h2><ul id="answers">${answers}</ul><p>Your name and contact are stored encrypted and never shown here.</p></body></html>`;
}

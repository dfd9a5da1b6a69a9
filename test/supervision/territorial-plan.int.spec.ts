import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { TestNetwork } from '../support/service-process';

/**
 * A Toledo-like territorial plan (000: Plan Local de Integración Social, phases 0-4) across real
 * services through Kafka: the delegation leads it; social services and the employment office,
 * its partners, record their findings of the shared diagnosis at their own services; the draft
 * is open on a public page (no token) whose contributions are stored encrypted, answered and
 * traced into the next draft; the technical table is linked; lines, objectives, versioned
 * priorities, targets, an annual plan and actions are programmed; the targets are evaluated
 * against the indicators the cases produce; the plan office (coordinator, staff, a working group)
 * is recorded; the multi-year agreement is signed by each partner at its own service (four
 * institutions: the delegation, social services, the employment office, an insertion company)
 * and approved by the mayors' body; partners complete their actions in their own logs; the
 * follow-up commission reviews the targets; the dashboard shows targets against actuals,
 * overdue actions, signatures and the consultation's answers.
 */
describe('territorial plans: phase 0 to a phase-4 review, across institutions', () => {
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  const names = ['social-services', 'employment-office', 'insertion-company', 'regional-delegation'] as const;
  type Name = (typeof names)[number];
  let network: TestNetwork<Name>;
  let db: Client;
  const SS = 'ss-albacete', EO = 'eo-albacete', EI = 'ei-solidaria', RD = 'rd-albacete';
  const planId = id('plis-toledo');
  const programmeId = id('plis-prog');
  const projectId = id('housing-project');
  const tableId = id('mesa-tecnica');

  let rd: ReturnType<typeof client>;
  let rdSupervisor: ReturnType<typeof client>;
  let ss: ReturnType<typeof client>;
  let ssAtRd: ReturnType<typeof client>;
  let eo: ReturnType<typeof client>;
  let ei: ReturnType<typeof client>;
  let hellin: ReturnType<typeof client>;
  let hellinAtRd: ReturnType<typeof client>;
  let publicUrl: string;
  const publicPost = (path: string, body: unknown) =>
    fetch(`${publicUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) }));
  const publicGet = (path: string) => fetch(`${publicUrl}${path}`).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
  const plan = (path = '') => `/territorial-plans/${planId}${path}`;
  /** Phases start today or later: phase 0 started when the plan was created. */
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    network = await TestNetwork.start(names, 'plan');
    const s = network.services;
    rd = client(s['regional-delegation'], { institutionId: RD, userId: 'coord-rosa', role: 'coordinator' });
    rdSupervisor = client(s['regional-delegation'], { institutionId: RD, userId: 'sup-marta', role: 'supervisor' });
    ss = client(s['social-services'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    ssAtRd = client(s['regional-delegation'], { institutionId: SS, userId: 'tech-ana', role: 'technician' });
    eo = client(s['employment-office'], { institutionId: EO, userId: 'orient-eva', role: 'technician' });
    ei = client(s['insertion-company'], { institutionId: EI, userId: 'dir-pablo', role: 'coordinator' });
    hellin = client(s['social-services'], { institutionId: 'ss-hellin', userId: 'tech-hugo', role: 'technician' });
    hellinAtRd = client(s['regional-delegation'], { institutionId: 'ss-hellin', userId: 'tech-hugo', role: 'coordinator' });
    publicUrl = `${s['regional-delegation'].url}/public/territorial-plans/${planId}`;
    db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${network.schemas['regional-delegation']}` });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await network?.stop();
  }, 60_000);

  it('phase 0: the lead creates the plan; each partner records its findings at its own service; strangers and wrong input are refused', async () => {
    await rd.ok('/programmes', { programmeId, name: 'PLIS Toledo', periodStart: '2026-01-01', periodEnd: '2028-12-31', lines: ['employment', 'housing'], budget: 250000 });
    await rd.ok(`/programmes/${programmeId}/projects`, { projectId, name: 'Acceso a la vivienda', runByInstitution: SS, line: 'housing' });

    const bad = await rd.post('/territorial-plans', { planId: 'no good', name: '', territory: 'Toledo', programmeId, periodStart: '2026-13-01', periodEnd: '2028-12-31', partners: ['ok', '!!'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['extra', 'name', 'partners', 'periodStart', 'planId']);

    const created = await rd.ok('/territorial-plans', { planId, name: 'Plan Local de Integración Social de Toledo', territory: 'Toledo', programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [SS, EO] });
    expect(created.streamId).toBe(`territorial-plan-${planId}@regional-delegation`);
    expect(created.events[0]).toMatchObject({ type: 'territorial-plan.created', institutionId: RD, programmeId });
    // Only the delegation or a municipality's social services lead a plan; the others take part as partners.
    const byOffice = await eo.post('/territorial-plans', { planId: id('eo-plan'), name: 'x', territory: 'Albacete', programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [] });
    expect([byOffice.status, byOffice.body.code]).toEqual([403, 'PLAN.LEAD_KIND']);
    await rd.ok(plan('/partners'), { institutionId: EI, role: 'insertion company (third sector)' });
    expect((await rd.post('/territorial-plans', { planId, name: 'again', territory: 'Toledo', programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [] })).body.code).toBe('PLAN.ALREADY_EXISTS');

    await rd.ok(plan('/context'), { figures: [{ topic: 'population', label: 'inhabitants', value: 85000, unit: 'people', source: 'INE padrón', year: 2025 }, { topic: 'roma-population', label: 'Roma households', value: 610, unit: 'households', source: 'social services', year: 2025 }] });
    // A partner records its finding at its own service once the plan reaches it through Kafka.
    const housing = { findingId: 'f-housing', line: 'housing', affectedGroup: 'families in Santa María de Benquerencia', text: 'overcrowding and evictions' };
    await waitFor(async () => (await ss.post(plan('/findings'), housing)).status === 201, 60_000, 'social services to know the plan');
    await waitFor(async () => (await eo.post(plan('/findings'), { findingId: 'f-jobs', line: 'employment', affectedGroup: 'long-term unemployed over 45', text: 'no qualifications' })).status === 201, 60_000, 'the employment office to know the plan');

    // Not a partner: the same 403 as for an unknown plan. A partner does not decide the plan. Another kind does not write at the delegation.
    expect((await hellin.post(plan('/findings'), { ...housing, findingId: 'f-x' })).body.code).toBe('ACCESS.DENIED');
    expect((await hellin.post('/territorial-plans/unknown-plan/findings', { ...housing, findingId: 'f-x' })).body.code).toBe('ACCESS.DENIED');
    expect((await ss.post(plan('/partners'), { institutionId: 'ss-hellin', role: 'municipality' })).status).toBe(403);
    const wrongKind = await ssAtRd.post(plan('/lines'), { line: 'health', rationale: 'x' });
    expect([wrongKind.status, wrongKind.body.code]).toEqual([403, 'ACCESS.WRONG_INSTITUTION_KIND']);
    expect((await rd.post(plan('/phases'), { phase: 2, startedOn: '2026-03-01' })).body.code).toBe('PLAN.PHASE_NOT_NEXT');

    // The plan office: its coordinator, staff drawn from the plan's institutions, a working group the insertion company joins.
    await rd.ok(plan('/coordinator'), { userId: 'coord-rosa', institutionId: RD, appointedOn: today });
    await rd.ok(plan('/office-staff'), { userId: 'tech-ana', institutionId: SS, sector: 'local-body', role: 'técnica de inclusión', joinedOn: today });
    expect((await rd.post(plan('/office-staff'), { userId: 'tech-hugo', institutionId: 'ss-hellin', sector: 'local-body', role: 'x', joinedOn: today })).body.code).toBe('PLAN.NOT_PARTNER');
    await rd.ok(plan('/groups'), { groupId: 'g-employment', kind: 'working-group', name: 'Grupo de trabajo de empleo', line: 'employment', formedOn: today });
    await rd.ok(plan('/group-members'), { groupId: 'g-employment', institutionId: EI, joinedOn: today });
    await rd.ok(plan('/group-members'), { groupId: 'g-employment', institutionId: EO, joinedOn: today });
    expect((await ss.post(plan('/groups'), { groupId: 'g-x', kind: 'consultation-table', name: 'x', formedOn: today })).status).toBe(403);

    await waitFor(async () => Object.keys((await rd.get(plan())).body?.diagnosis?.findings ?? {}).length === 2, 60_000, "the partners' findings to reach the lead");
    const view = (await rd.get(plan())).body;
    expect(view.diagnosis.findings.map((f: { findingId: string; by: string }) => [f.findingId, f.by]).sort()).toEqual([['f-housing', SS], ['f-jobs', EO]]);
    expect(view.diagnosis.context).toHaveLength(2);
    expect(view.office).toMatchObject({ coordinator: { userId: 'coord-rosa', institutionId: RD }, staff: [{ userId: 'tech-ana', institutionId: SS, sector: 'local-body' }], groups: [{ groupId: 'g-employment', members: [EI, EO] }] });
  }, 180_000);

  it('phase 1: consultation meetings; the public page takes contributions, encrypted, answered and traced into the next draft', async () => {
    await rd.ok(plan('/phases'), { phase: 1, startedOn: today });
    await rd.ok(plan('/consultation-meetings'), { meetingId: 'm-unions', heldOn: '2026-11-03', topic: 'Incontro con i Sindacati', participants: ['CCOO', 'UGT'], summary: 'work first' });
    expect((await publicGet('/draft')).status).toBe(404);
    await rd.ok(plan('/drafts'), { text: 'Borrador 1: líneas de empleo y vivienda', openUntil: '2099-12-31', incorporates: [] });

    const draft = await publicGet('/draft');
    expect(draft.status).toBe(200);
    expect(JSON.parse(draft.text)).toMatchObject({ planId, draftVersion: 1, open: true, text: 'Borrador 1: líneas de empleo y vivienda', contributions: [] });
    const page = await publicGet('');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(page.text).toContain('Borrador 1');

    const invalid = await publicPost('/contributions', { text: 'x'.repeat(4001), contributor: { email: 'not-an-email' }, token: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['contributor.email', 'contributor.name', 'text', 'token']);

    const first = await publicPost('/contributions', { text: 'Más apoyo al doposcuola en los barrios', contributor: { name: 'Lucía Fernández', email: 'lucia@example.org', organisation: 'AMPA Benquerencia' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ draftVersion: 1, receivedOn: new Date().toISOString().slice(0, 10) });
    const second = await publicPost('/contributions', { text: 'Nada', contributor: { name: 'Anónimo' } });
    expect(second.status).toBe(201);

    // Personal data of contributors is stored only encrypted (events and outbox), with a key of their own.
    const stored = (await db.query(`SELECT payload::text AS p FROM events UNION ALL SELECT value FROM outbox`)).rows.map((r) => r.p).join('\n');
    expect(stored).not.toMatch(/Lucía Fernández|lucia@example.org|AMPA Benquerencia/);
    expect(stored).toContain('doposcuola');
    expect((await db.query(`SELECT 1 FROM person_keys WHERE person_id = $1`, [`contributor-${first.body.contributionId}`])).rowCount).toBe(1);

    await rd.ok(plan('/contribution-answers'), { contributionId: first.body.contributionId, outcome: 'accepted', answer: 'Entra en la línea de educación y juventud' });
    await rd.ok(plan('/contribution-answers'), { contributionId: second.body.contributionId, outcome: 'noted', answer: 'Gracias' });
    expect((await rd.post(plan('/contribution-answers'), { contributionId: second.body.contributionId, outcome: 'noted', answer: 'again' })).body.code).toBe('PLAN.CONTRIBUTION_ALREADY_ANSWERED');
    await rd.ok(plan('/consultation-closure'), { closedOn: '2026-11-20' });
    const late = await publicPost('/contributions', { text: 'late', contributor: { name: 'Late' } });
    expect([late.status, late.body.code]).toEqual([422, 'PLAN.CONSULTATION_NOT_OPEN']);
    expect((await rd.post(plan('/drafts'), { text: 'Borrador 2', openUntil: '2099-12-31', incorporates: [second.body.contributionId] })).body.code).toBe('PLAN.CONTRIBUTION_NOT_ACCEPTED');
    await rd.ok(plan('/drafts'), { text: 'Borrador 2: con doposcuola', openUntil: '2099-12-31', incorporates: [first.body.contributionId] });

    const second2 = JSON.parse((await publicGet('/draft')).text);
    expect(second2).toMatchObject({ draftVersion: 2, incorporates: [first.body.contributionId] });
    expect(second2.contributions.find((c: { contributionId: string }) => c.contributionId === first.body.contributionId)).toMatchObject({ outcome: 'accepted', incorporatedIn: 2 });
    expect(JSON.stringify(second2)).not.toMatch(/Lucía|lucia@/);

    // Five contributions per address in ten minutes (the late one counted): the sixth is refused.
    const fourth = await publicPost('/contributions', { text: 'Vivienda social', contributor: { name: 'Pablo' } });
    const fifth = await publicPost('/contributions', { text: 'Salud mental', contributor: { name: 'Marta' } });
    expect([fourth.status, fifth.status]).toEqual([201, 201]);
    const sixth = await publicPost('/contributions', { text: 'spam', contributor: { name: 'bot' } });
    expect([sixth.status, sixth.body.code]).toEqual([429, 'CONSULTATION.TOO_MANY_CONTRIBUTIONS']);

    for (const c of [fourth, fifth]) await rd.ok(plan('/contribution-answers'), { contributionId: c.body.contributionId, outcome: 'partially-accepted', answer: 'En el plan anual' });
    await rd.ok(plan('/consultation-closure'), { closedOn: '2026-11-25' });
  }, 120_000);

  it('phases 2 and 3: technical table, lines, objectives, versioned priorities, targets, annual plan, actions', async () => {
    await rd.ok(plan('/phases'), { phase: 2, startedOn: today });
    expect((await rd.post(plan('/technical-table'), { tableId, functions: ['execution'] })).body.code).toBe('PLAN.TABLE_NOT_FOUND');
    await rd.ok('/tables', { tableId, level: 'programme', scopeId: planId, members: [{ institutionId: RD, people: ['coord-rosa'] }, { institutionId: SS, people: ['tech-ana'] }] });
    await rd.ok(plan('/technical-table'), { tableId, functions: ['execution', 'management', 'coordination', 'follow-up'] });
    for (const line of ['employment', 'housing']) await rd.ok(plan('/lines'), { line, rationale: 'shared diagnosis and consultation' });
    expect((await rd.post(plan('/objectives'), { objectiveId: 'o-health', line: 'health', kind: 'specific', text: 'Facilitar recursos sanitarios' })).body.code).toBe('PLAN.LINE_NOT_ADOPTED');
    await rd.ok(plan('/objectives'), { objectiveId: 'o-housing', line: 'housing', kind: 'specific', text: 'Facilitar acceso a una vivienda digna' });
    await rd.ok(plan('/objectives'), { objectiveId: 'o-jobs', line: 'employment', kind: 'general', text: 'Acceso, mejora y normalización del empleo' });

    const scored = await rd.ok(plan('/priority-scorings'), { scores: [{ objectiveId: 'o-housing', demographicWeight: 4, severity: 5, likelihood: 3 }, { objectiveId: 'o-jobs', demographicWeight: 5, severity: 4, likelihood: 4 }], rationale: 'mesa técnica' });
    expect(scored.events[0].payload).toMatchObject({ scoringVersion: 1, scores: [{ objectiveId: 'o-housing', total: 12, rank: 2 }, { objectiveId: 'o-jobs', total: 13, rank: 1 }] });
    const rescored = await rd.ok(plan('/priority-scorings'), { scores: [{ objectiveId: 'o-housing', demographicWeight: 5, severity: 5, likelihood: 4 }, { objectiveId: 'o-jobs', demographicWeight: 5, severity: 4, likelihood: 4 }], rationale: 'after the evictions report' });
    expect(rescored.events[0].payload).toMatchObject({ scoringVersion: 2, scores: [{ objectiveId: 'o-housing', total: 14, rank: 1 }, { objectiveId: 'o-jobs', total: 13, rank: 2 }] });
    const badScore = await rd.post(plan('/priority-scorings'), { scores: [{ objectiveId: 'o-housing', demographicWeight: 6, severity: 0, likelihood: 'high' }], rationale: '' });
    expect(badScore.status).toBe(400);
    expect(badScore.body.problems.map((p: { field: string }) => p.field).sort()).toEqual(['rationale', 'scores.0.demographicWeight', 'scores.0.likelihood', 'scores.0.severity']);

    expect((await rd.post(plan('/phases'), { phase: 3, startedOn: today })).status).toBe(201);
    expect((await rd.post(plan('/targets'), { targetId: 't-x', objectiveId: 'o-none', indicator: 'people-attended', direction: 'at-least', value: 1, dueBy: '2026-12-31' })).body.code).toBe('PLAN.OBJECTIVE_NOT_FOUND');
    await rd.ok(plan('/targets'), { targetId: 't-housing-attended', objectiveId: 'o-housing', indicator: 'people-attended', direction: 'at-least', value: 2, dueBy: '2026-12-31', projectId });
    await rd.ok(plan('/targets'), { targetId: 't-jobs-trained', objectiveId: 'o-jobs', indicator: 'people-trained', direction: 'at-least', value: 5, dueBy: '2027-12-31' });
    await rd.ok(plan('/annual-plans'), { year: 2026, objectives: ['o-housing', 'o-jobs'], carriesDecisions: [], text: 'Plan anual 2026' });
    await rd.ok(plan('/actions'), { actionId: 'a-mediation', year: 2026, line: 'housing', objectives: ['o-housing'], description: 'Mediación con propietarios', ownerInstitution: SS, projectId, dueOn: '2026-12-20' });
    await rd.ok(plan('/actions'), { actionId: 'a-census', year: 2026, line: 'employment', objectives: ['o-jobs'], description: 'Censo de demandantes mayores de 45', ownerInstitution: EO, dueOn: '2026-03-31' });
    expect((await rd.post(plan('/actions'), { actionId: 'a-x', year: 2026, line: 'housing', objectives: ['o-housing'], description: 'x', ownerInstitution: 'ss-hellin', dueOn: '2026-12-20' })).body.code).toBe('PLAN.OWNER_NOT_PARTNER');
  }, 120_000);

  it('approval: the agreement signed by each partner at its own service, then the mayors\' vote; partners complete their actions in their own logs', async () => {
    await rd.ok(plan('/agreement'), { text: 'Convenio plurianual del PLIS de Toledo 2026-2028', signatories: [SS, EO, EI], proposedOn: today });
    const vote = {
      decisionId: 'd-approval', body: 'municipal-plenary', decidedOn: today, leadMunicipality: 'Toledo', president: 'Alcalde de Toledo',
      votes: [{ municipality: 'Toledo', vote: 'for' }, { municipality: 'Talavera de la Reina', vote: 'for' }, { municipality: 'Illescas', vote: 'abstain' }],
    };
    expect((await rd.post(plan('/phases'), { phase: 4, startedOn: today })).body.code).toBe('PLAN.NOT_APPROVED');
    const early = await rd.post(plan('/approval-votes'), vote);
    expect([early.status, early.body.code]).toEqual([422, 'PLAN.AGREEMENT_NOT_SIGNED']);
    expect(early.body.message).toMatch(/not signed: rd-albacete, ss-albacete, eo-albacete, ei-solidaria/);

    // Each signatory signs as itself at its own service, once the agreement reached it through Kafka; nobody signs for another.
    for (const [who, capacity] of [[ss, 'Alcaldesa'], [eo, 'Directora de la oficina'], [ei, 'Gerente']] as const) {
      await waitFor(async () => (await who.post(plan('/agreement-signatures'), { signedOn: today, capacity })).status === 201, 60_000, `${capacity} to sign`);
    }
    expect((await hellin.post(plan('/agreement-signatures'), { signedOn: today, capacity: 'x' })).body.code).toBe('ACCESS.DENIED');
    await rd.ok(plan('/agreement-signatures'), { signedOn: today, capacity: 'Delegada provincial' });
    await waitFor(async () => (await rd.get(plan())).body?.approval?.missingSignatures?.length === 0, 60_000, 'every signature to reach the lead');
    const signatures = (await rd.get(plan())).body.approval.signatures;
    expect(signatures.map((x: { institutionId: string; signedBy: string }) => [x.institutionId, x.signedBy]).sort()).toEqual([[EI, 'dir-pablo'], [EO, 'orient-eva'], [RD, 'coord-rosa'], [SS, 'tech-ana']]);

    expect((await rd.post(plan('/approval-votes'), { ...vote, votes: [...vote.votes, { municipality: 'Toledo', vote: 'against' }] })).body.code).toBe('PLAN.DUPLICATE_VOTE');
    const approved = await rd.ok(plan('/approval-votes'), vote);
    expect(approved.events[0].payload).toMatchObject({ outcome: 'approved', votesFor: 2, votesAgainst: 0, abstentions: 1 });

    // The action's owner completes it at its own service; another partner cannot.
    await waitFor(async () => (await ss.get(plan())).body?.actions?.length === 2, 60_000, 'the actions to reach social services');
    expect((await eo.post(plan('/completed-actions'), { actionId: 'a-mediation', completedOn: today, result: 'x' })).status).toBe(403);
    await ss.ok(plan('/completed-actions'), { actionId: 'a-mediation', completedOn: today, result: '12 familias con mediación' });
    await waitFor(async () => (await rd.get(plan())).body?.actions?.find((a: { actionId: string }) => a.actionId === 'a-mediation')?.completedOn === today, 60_000, 'the completion to reach the lead');
  }, 180_000);

  it('evaluates the targets against the indicators the cases produce, shared with the partners; phase 4 reviews them', async () => {
    for (const n of [1, 2]) {
      const caseId = id(`case-${n}`);
      await ss.ok('/cases', { caseId, personId: id(`p-${n}`), municipality: 'Toledo', gender: n === 1 ? 'female' : 'male', birthYear: 1980 + n, incidenceGroups: ['roma'], openedOn: '2026-11-10' });
      await rd.ok(`/programmes/${programmeId}/enrolments`, { projectId, caseId, enrolledOn: '2026-11-12' });
    }
    const evaluation = async () => (await rd.get(plan('/evaluation'))).body;
    let last: unknown;
    await waitFor(async () => (last = await evaluation()) && (last as { targets?: { targetId: string; actual: number }[] }).targets?.find((t) => t.targetId === 't-housing-attended')?.actual === 2, 60_000, 'the cases to reach the indicators').catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`);
    });
    const x = await evaluation();
    expect(x.targets.map((t: { targetId: string; line: string; actual: number; met: boolean }) => [t.targetId, t.line, t.actual, t.met])).toEqual([
      ['t-housing-attended', 'housing', 2, true],
      ['t-jobs-trained', 'employment', 0, false],
    ]);
    expect(x.lines).toEqual([{ line: 'employment', targets: 1, met: 0 }, { line: 'housing', targets: 1, met: 1 }]);
    expect((await rdSupervisor.get(plan('/evaluation'))).status).toBe(200);
    expect((await hellinAtRd.get(plan('/evaluation'))).body.code).toBe('ACCESS.DENIED');
    // Naming a programme gives no access to its figures: a plan of Hellín's naming the delegation's programme is evaluated by nobody.
    const foreignPlan = id('plan-hellin');
    await hellin.ok('/territorial-plans', { planId: foreignPlan, name: 'Plan de Hellín', territory: 'Hellín', programmeId, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: [] });
    await waitFor(async () => (await hellinAtRd.get(`/territorial-plans/${foreignPlan}`)).status === 200, 60_000, "Hellín's plan known to the delegation");
    expect((await hellinAtRd.get(`/territorial-plans/${foreignPlan}/evaluation`)).body).toMatchObject({ statusCode: 403, code: 'ACCESS.DENIED' });
    expect((await rd.get(plan('/evaluation?from=2026-12-01&to=2026-01-01'))).status).toBe(400);

    expect((await rd.post(plan('/follow-up-reviews'), { reviewId: 'r-1', heldOn: today, periodFrom: '2026-01-01', periodTo: today, actuals: [{ targetId: 't-housing-attended', actual: 2 }], decisions: [] })).body.code).toBe('PLAN.WRONG_PHASE');
    await rd.ok(plan('/phases'), { phase: 4, startedOn: today });
    const actuals = x.targets.map((t: { targetId: string; actual: number }) => ({ targetId: t.targetId, actual: t.actual }));
    expect((await rd.post(plan('/follow-up-reviews'), { reviewId: 'r-1', heldOn: today, periodFrom: '2026-01-01', periodTo: today, actuals: actuals.slice(0, 1), decisions: [] })).body.code).toBe('PLAN.TARGET_NOT_REVIEWED');
    const review = await rd.ok(plan('/follow-up-reviews'), {
      reviewId: 'r-1', heldOn: today, periodFrom: '2026-01-01', periodTo: today, actuals,
      decisions: [{ decisionId: 'd-training', text: 'Refuerzo de la formación con la oficina de empleo', carriedInto: 'next-annual-plan' }],
    });
    expect(review.events[0].payload.targets).toEqual([
      { targetId: 't-housing-attended', actual: 2, target: 2, direction: 'at-least', met: true },
      { targetId: 't-jobs-trained', actual: 0, target: 5, direction: 'at-least', met: false },
    ]);
    await rd.ok(plan('/annual-plans'), { year: 2027, objectives: ['o-jobs'], carriesDecisions: ['d-training'], text: 'Plan anual 2027' });

    // The partners see their plan as the lead recorded it (through Kafka), not strangers. The 2027 plan was recorded
    // after the review: a partner that has the review may not have it yet, so the wait is for both.
    await waitFor(
      async () => {
        const view = (await ss.get(plan())).body;
        return view?.reviews?.length === 1 && view.annualPlans?.some((p: { year: number }) => p.year === 2027);
      },
      60_000,
      'the review and the 2027 plan to reach a partner',
    );
    const partnerView = (await ss.get(plan())).body;
    expect(partnerView).toMatchObject({ lead: RD, phase: 4, technicalTable: { tableId }, annualPlans: [{ year: 2026 }, { year: 2027, carriesDecisions: ['d-training'] }] });
    expect(partnerView.priorities.scoringVersion).toBe(2);
    expect((await hellin.get(plan())).body.code).toBe('ACCESS.DENIED');

    // The dashboard: phase and history, targets against actuals per line, overdue actions, signatures, the consultation's answers; for partners too.
    const dashboard = (await rdSupervisor.get(plan('/dashboard'))).body;
    expect(dashboard.phases.map((p: { phase: number }) => p.phase)).toEqual([0, 1, 2, 3, 4]);
    expect(dashboard.figures).toEqual({ available: true });
    expect(dashboard.lines.map((l: { line: string; targets: number; met: number; objectives: { targets: { targetId: string; actual: number }[] }[] }) => [l.line, l.targets, l.met, l.objectives.flatMap((o) => o.targets.map((t) => [t.targetId, t.actual]))])).toEqual([
      ['employment', 1, 0, [['t-jobs-trained', 0]]],
      ['housing', 1, 1, [['t-housing-attended', 2]]],
    ]);
    expect(dashboard.actions).toEqual({ total: 2, completed: 1, completedOnTime: 1, overdue: [{ actionId: 'a-census', line: 'employment', ownerInstitution: EO, dueOn: '2026-03-31' }] });
    expect(dashboard.approval).toMatchObject({ approvedOn: today, missingSignatures: [], votes: [{ decisionId: 'd-approval', outcome: 'approved' }] });
    expect(dashboard.consultation).toMatchObject({ answered: 4, unanswered: 0 });
    expect(dashboard.lastReview).toMatchObject({ reviewId: 'r-1' });
    expect((await ssAtRd.get(plan('/dashboard'))).status).toBe(200);
    expect((await hellinAtRd.get(plan('/dashboard'))).body.code).toBe('ACCESS.DENIED');
  }, 180_000);
});

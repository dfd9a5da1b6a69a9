/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/** Debian's chromium package (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A territorial plan led by a municipality's social services (002: Capofila Comune Lodi), in a
 * real headless browser against real services: anyone reads the draft on the plan office's
 * public page and sends a contribution through its form (no token); the lead answers it and the
 * page shows the answer; the delegation's supervisor sees the plan's dashboard on the
 * supervisors' page (phase, contributions answered, agreement signatures), the plan having
 * reached the delegation through Kafka.
 */
describe('the public consultation page and the plan dashboard in a headless browser', () => {
  const run = randomUUID().slice(0, 8);
  const planId = `plan-lodi-${run}`;
  let network: TestNetwork<'social-services' | 'regional-delegation'>;
  let services: Record<'social-services' | 'regional-delegation', ServiceProcess>;
  let browser: Browser;
  let ss: ReturnType<typeof client>;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
    network = await TestNetwork.start(['social-services', 'regional-delegation'], 'planpage');
    services = network.services;
    ss = client(services['social-services'], { institutionId: 'ss-albacete', userId: 'coord-lucia', role: 'coordinator' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await network?.stop();
  }, 60_000);

  it('reads the draft and sends a contribution through the form; the answer shows on the page', async () => {
    // A municipality leads its plan at its own service (its social services: the Ufficio di Piano).
    await ss.ok('/territorial-plans', { planId, name: 'Piano di Zona del Lodigiano', territory: 'Lodi', programmeId: `prog-${run}`, periodStart: '2026-01-01', periodEnd: '2028-12-31', partners: ['eo-albacete'] });
    await ss.ok(`/territorial-plans/${planId}/phases`, { phase: 1, startedOn: today });
    await ss.ok(`/territorial-plans/${planId}/drafts`, { text: 'Bozza 1: obiettivi di inclusione, area minori e famiglia', openUntil: '2099-12-31', incorporates: [] });

    const page = await browser.newPage();
    const response = await page.goto(`${services['social-services'].url}/public/territorial-plans/${planId}`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'sha256-[^']+';/);
    expect(await page.locator('#draft').textContent()).toBe('Bozza 1: obiettivi di inclusione, area minori e famiglia');
    expect(await page.locator('h2').first().textContent()).toContain('open for contributions until 2099-12-31');

    await page.fill('textarea[name="text"]', 'Servono più posti nel doposcuola di San Fereolo');
    await page.fill('input[name="name"]', 'Giulia Bianchi');
    await page.fill('input[name="email"]', 'giulia@example.org');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => /^Contribution \S+ received for draft 1$/.test(document.getElementById('result')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const contributionId = (await page.locator('#result').textContent())!.split(' ')[1];

    // The form's browser-side rules hold too: the page's own script sent valid JSON, recorded by the plan office.
    const recorded = (await ss.get(`/territorial-plans/${planId}`)).body;
    expect(recorded.participation.contributions).toEqual([{ contributionId, draftVersion: 1, receivedOn: today }]);

    await ss.ok(`/territorial-plans/${planId}/contribution-answers`, { contributionId, outcome: 'accepted', answer: "Entra nell'area minori" });
    await page.reload();
    expect(await page.locator(`#c-${contributionId}`).textContent()).toContain("accepted: Entra nell'area minori");
    // Who contributed is never shown.
    expect(await page.content()).not.toMatch(/Giulia|giulia@/);
    await page.close();
  }, 120_000);

  it("shows the plan's dashboard to the delegation's supervisor on the supervisors' page", async () => {
    await ss.ok(`/territorial-plans/${planId}/consultation-closure`, { closedOn: today });
    await ss.ok(`/territorial-plans/${planId}/phases`, { phase: 2, startedOn: today });
    await ss.ok(`/territorial-plans/${planId}/agreement`, { text: 'Accordo di programma 2026-2028', signatories: ['eo-albacete'], proposedOn: today });
    await ss.ok(`/territorial-plans/${planId}/agreement-signatures`, { signedOn: today, capacity: 'Sindaco del Comune capofila' });
    const supervisor = client(services['regional-delegation'], { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    await waitFor(async () => (await supervisor.get(`/territorial-plans/${planId}/dashboard`)).body?.approval?.signatures?.length === 1, 60_000, 'the plan at the delegation');

    const page = await browser.newPage();
    const token = await tokenFor('rd-albacete', 'sup-marta', 'supervisor', '30m');
    await page.goto(`${services['regional-delegation'].url}/supervisor?plan=${planId}#token=${token}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-phase"] .value')?.textContent === '2', undefined, { timeout: 30_000 });
    expect(await page.locator('#plan-name').textContent()).toContain('Piano di Zona del Lodigiano');
    expect(await page.locator('[data-testid="plan-contributions"] .value').textContent()).toBe('1 / 1');
    expect(await page.locator('[data-testid="plan-signatures"] .value').textContent()).toBe('1 (1 missing)');
    expect(await page.locator('[data-testid="plan-approved"] .value').textContent()).toBe('not yet');
    expect(await page.locator('#plan-signatures tbody tr').allTextContents()).toEqual([`ss-albacete${today}coord-luciaSindaco del Comune capofila`, 'eo-albacetenot signed']);
    expect(await page.locator('#plan-contributions tbody tr td:nth-child(4)').textContent()).toBe("accepted: Entra nell'area minori");
    expect(await page.locator('#plan-error').textContent()).toBe('');
    await page.close();
  }, 120_000);
});

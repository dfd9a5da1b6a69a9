/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';
import { client } from '../support/http';
import { tokenFor } from '../support/institutions';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/** Debian's chromium package (installed by .ci/run); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The supervisors' page in a real headless browser, against real services: it shows the
 * scenario's figures, the compliance table and a case's trail, and when a new event is
 * recorded through the API the tile changes without a reload (live stream).
 */
describe('the supervisors page in a headless browser', () => {
  const run = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${run}`;
  let network: TestNetwork<'social-services' | 'regional-delegation'>;
  let services: Record<'social-services' | 'regional-delegation', ServiceProcess>;
  const programme = id('plan');
  const project = id('cohort');
  let browser: Browser;
  let page: Page;
  let ss: ReturnType<typeof client>;
  let rd: ReturnType<typeof client>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
    network = await TestNetwork.start(['social-services', 'regional-delegation'], 'page', { CHECKPOINT_INTERVAL_MS: '2000' });
    services = network.services;
    ss = client(services['social-services'], { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    rd = client(services['regional-delegation'], { institutionId: 'rd-albacete', userId: 'coord-rosa', role: 'coordinator' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await network?.stop();
  }, 60_000);

  async function openCase(n: number, gender: string, diagnosed: boolean) {
    const caseId = id(`case-${n}`);
    await ss.ok('/cases', { caseId, personId: id(`p-${n}`), municipality: 'Albacete', gender, birthYear: 1980 + n, incidenceGroups: ['minimum-income-recipient'], openedOn: '2026-02-01' });
    if (diagnosed) await ss.ok(`/cases/${caseId}/diagnosis`, { diagnosedOn: '2026-02-03', dimensions: [{ dimension: 'income', score: 8, critical: true }] });
    await rd.ok(`/programmes/${programme}/enrolments`, { projectId: project, caseId, enrolledOn: '2026-02-04' });
    return caseId;
  }

  const tile = (name: string) => page.locator(`[data-testid="${name}"] .value`);
  const tileIs = (name: string, value: string) =>
    page.waitForFunction(([n, v]) => document.querySelector(`[data-testid="${n}"] .value`)?.textContent === v, [name, value] as const, { timeout: 60_000 });

  it('shows the scenario, then a newly recorded event changes the tile without a reload', async () => {
    await rd.ok('/programmes', { programmeId: programme, name: 'Plan de Empleo Albacete', periodStart: '2026-01-01', periodEnd: '2026-12-31', lines: ['employment'], budget: 850000 });
    await rd.ok(`/programmes/${programme}/projects`, { projectId: project, name: 'Cohort 1', runByInstitution: 'ss-albacete', line: 'employment' });
    const first = await openCase(1, 'female', true);
    await openCase(2, 'female', true);
    await openCase(3, 'male', false);

    const token = await tokenFor('rd-albacete', 'sup-marta', 'supervisor', '30m');
    const response = await page.goto(`${services['regional-delegation'].url}/supervisor?programme=${programme}&case=${first}#token=${token}`);
    // The page runs under a strict content security policy: only its own script, by hash.
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'sha256-[^']+';/);
    expect(response!.headers()['content-security-policy']).not.toMatch(/unsafe-inline/);
    // The token leaves the address at once.
    expect(page.url()).not.toContain('token=');
    await tileIs('people-attended', '3');
    await tileIs('diagnoses', '2');
    expect(await page.locator('#programme-name').textContent()).toContain('Plan de Empleo Albacete');
    await page.waitForSelector('#live.on', { timeout: 30_000 });
    // The compliance table lists every rule; the case trail shows the case's events across institutions.
    await page.waitForSelector('#compliance tr[data-rule="case.diagnosis"]');
    expect(await page.locator('#compliance tbody tr').count()).toBe(5);
    await page.waitForFunction(() => document.querySelectorAll('#timeline tbody tr').length >= 3, undefined, { timeout: 60_000 });
    const institutions = await page.locator('#timeline tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(institutions)).toEqual(new Set(['ss-albacete', 'rd-albacete']));

    // A marker survives only if the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await openCase(4, 'male', true);
    await tileIs('people-attended', '4');
    await tileIs('diagnoses', '3');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await tile('people-attended').textContent()).toBe('4');
    expect(await page.locator('#feed li').count()).toBeGreaterThan(0);
    expect(await page.locator('#error').textContent()).toBe('');
  });

  it("shows a coordinator the figures but not the live stream, which is for supervisors", async () => {
    const coordinatorPage = await browser.newPage();
    const token = await tokenFor('rd-albacete', 'coord-rosa', 'coordinator', '30m');
    await coordinatorPage.goto(`${services['regional-delegation'].url}/supervisor?programme=${programme}#token=${token}`);
    await coordinatorPage.waitForFunction(() => document.querySelector('[data-testid="people-attended"] .value')?.textContent === '4', undefined, { timeout: 60_000 });
    await coordinatorPage.waitForFunction(() => (document.getElementById('error')?.textContent ?? '').startsWith('403'), undefined, { timeout: 30_000 });
    expect(await coordinatorPage.locator('#live').textContent()).toBe('not live');
    await coordinatorPage.close();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signToken } from '@inclusion/access';
import { serviceClient } from '@inclusion/api-client';
import { AlbaceteClients, recordAlbaceteProgramme, ServiceKey } from './albacete-plan';

/**
 * `npm run demo` (after `npm start`): records the Albacete employment plan (71 people, 47
 * trained: 15 men, 32 women; all of them proposed by social services, selected and hired on a
 * plan contract by the municipal employment service, sme-albacete, after a preparatory meeting
 * and the start assembly: the Plan de Empleo's own path) through the running services' API with the demo institutions'
 * development keys, waits for the delegation's indicators to show it, and prints the
 * supervisors' page address. Local use only. It calls the services through their typed
 * client (libs/api-client, generated from docs/openapi).
 */
const BASE: Record<ServiceKey, string> = {
  'social-services': process.env.SOCIAL_SERVICES_URL ?? 'http://127.0.0.1:3001',
  'employment-office': process.env.EMPLOYMENT_OFFICE_URL ?? 'http://127.0.0.1:3002',
  'regional-delegation': process.env.REGIONAL_DELEGATION_URL ?? 'http://127.0.0.1:3004',
};
/** The municipal employment service (the Plan de Empleo's employer) at the insertion-company service. */
const INSERTION_COMPANY = process.env.INSERTION_COMPANY_URL ?? 'http://127.0.0.1:3003';
const AS: Record<ServiceKey, [string, string, 'technician' | 'coordinator']> = {
  'social-services': ['ss-albacete', 'tech-ana', 'technician'],
  'employment-office': ['eo-albacete', 'orient-eva', 'technician'],
  'regional-delegation': ['rd-albacete', 'coord-rosa', 'coordinator'],
};
const keyOf = (institutionId: string) => readFileSync(join(__dirname, '..', '..', 'infra', 'dev-keys', `${institutionId}.pem`), 'utf8');

async function main() {
  const tokens = Object.fromEntries(
    await Promise.all(Object.entries(AS).map(async ([service, [institutionId, userId, role]]) => [service, await signToken(institutionId, keyOf(institutionId), { userId, role, expiresIn: '1h' })])),
  ) as Record<ServiceKey, string>;
  const run = Date.now().toString(36);
  const started = Date.now();
  const api: AlbaceteClients = {
    'social-services': serviceClient('social-services', BASE['social-services'], { token: tokens['social-services'] }),
    'employment-office': serviceClient('employment-office', BASE['employment-office'], { token: tokens['employment-office'] }),
    'regional-delegation': serviceClient('regional-delegation', BASE['regional-delegation'], { token: tokens['regional-delegation'] }),
    'insertion-company': serviceClient('insertion-company', INSERTION_COMPANY, { token: await signToken('sme-albacete', keyOf('sme-albacete'), { userId: 'coord-pilar', role: 'coordinator', expiresIn: '1h' }) }),
  };
  const result = await recordAlbaceteProgramme(api, run);
  process.stderr.write(`recorded ${result.caseIds.length} cases with ${result.requests} requests in ${Date.now() - started} ms\n`);

  const supervisor = await signToken('rd-albacete', keyOf('rd-albacete'), { userId: 'sup-marta', role: 'supervisor', expiresIn: '8h' });
  const delegation = serviceClient('regional-delegation', BASE['regional-delegation'], { token: supervisor });
  let figures: { peopleAttended?: { total: number }; trainings?: { people: number; peopleByGender: Record<string, number> }; planContracts?: { people: number } } = {};
  for (let i = 0; i < 300; i++) {
    const { data } = await delegation.GET('/programmes/{programmeId}/indicators', { params: { path: { programmeId: result.programmeId } } });
    figures = data ?? {};
    if (figures.peopleAttended?.total === result.caseIds.length && figures.trainings?.people === 47 && figures.planContracts?.people === result.caseIds.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stdout.write(`${JSON.stringify({ programmeId: result.programmeId, peopleAttended: figures.peopleAttended?.total, trained: figures.trainings?.people, trainedByGender: figures.trainings?.peopleByGender, hiredOnThePlan: figures.planContracts?.people })}\n`);
  process.stderr.write(`supervisors' page: ${BASE['regional-delegation']}/supervisor?programme=${result.programmeId}#token=${supervisor}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});

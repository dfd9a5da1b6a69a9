import { randomUUID } from 'node:crypto';
import { recordAlbaceteProgramme, ServiceKey } from '../../scripts/albacete-plan';
import { client } from '../support/http';
import { waitFor } from '../support/kafka';
import { ServiceProcess, TestNetwork } from '../support/service-process';

/**
 * The practitioners' sanity case through the real system: the Albacete employment plan
 * (71 people, 47 trained: 15 men and 32 women) recorded by three institutions through their
 * services' API travels through Kafka to the delegation, whose indicators give exactly those
 * figures (the pure replay of the same plan is in libs/read-models).
 */
describe('the Albacete figures, recorded through the services', () => {
  let network: TestNetwork<ServiceKey>;
  let services: Record<ServiceKey, ServiceProcess>;

  beforeAll(async () => {
    network = await TestNetwork.start(['social-services', 'employment-office', 'regional-delegation'], 'alb');
    services = network.services;
  }, 180_000);

  afterAll(() => network?.stop(), 60_000);

  it('gives 71 people attended, 47 trained, 15 men and 32 women', async () => {
    const api = {
      'social-services': client(services['social-services'], { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' }).typed('social-services'),
      'employment-office': client(services['employment-office'], { institutionId: 'eo-albacete', userId: 'orient-eva', role: 'technician' }).typed('employment-office'),
      'regional-delegation': client(services['regional-delegation'], { institutionId: 'rd-albacete', userId: 'coord-rosa', role: 'coordinator' }).typed('regional-delegation'),
    };
    const run = await recordAlbaceteProgramme(api, randomUUID().slice(0, 8));
    expect(run.caseIds).toHaveLength(71);

    const supervisor = client(services['regional-delegation'], { institutionId: 'rd-albacete', userId: 'sup-marta', role: 'supervisor' });
    const indicators = async () => (await supervisor.get(`/programmes/${run.programmeId}/indicators`)).body;
    await waitFor(async () => {
      const x = await indicators();
      // Every opening and diagnosis too: an enrolment (the delegation's own topic) can arrive before the opening it refers to.
      return x.peopleAttended?.total === 71 && x.diagnosesDone === 71 && !x.peopleAttended.byGender.unknown && x.trainings?.completed + x.trainings?.dropped === 47;
    }, 120_000, 'every event of the plan in the indicators');
    const x = await indicators();
    expect(x.peopleAttended).toMatchObject({ total: 71 });
    expect(x.peopleAttended.byGender).toEqual({ female: 46, male: 25 });
    expect(x.trainings).toMatchObject({ people: 47, peopleByGender: { female: 32, male: 15 }, started: 47 });
    expect(x.trainings.dropped).toBe(Array.from({ length: 47 }, (_, i) => i).filter((i) => i % 7 === 6).length);
    expect(x.diagnosesDone).toBe(71);
  }, 300_000);
});

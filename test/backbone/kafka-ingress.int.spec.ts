import { randomUUID } from 'node:crypto';
import { signToken } from '@inclusion/access';
import { deadLetterTopicOf } from '@inclusion/contracts';
import { commandTopicOf, replyTopicOf } from '@inclusion/network-member';
import { ensureTopics } from '@inclusion/messaging';
import { Producer } from 'kafkajs';
import { dropSchemas } from '../support/database';
import { client } from '../support/http';
import { strangerKey, tokenFor } from '../support/institutions';
import { collectTopic, testKafka, waitFor } from '../support/kafka';
import { ServiceProcess, testTopicPrefix, uniqueSchema } from '../support/service-process';

/**
 * An institution's own system sends commands through Kafka (a plain kafkajs producer) and
 * reads the answers on the replies topic: decided exactly as over HTTP (same identities,
 * rules, error codes), idempotent by command id, a poison message among good ones isolated
 * to the dead-letter topic with a rejection reply.
 */
describe('commands through Kafka', () => {
  const prefix = testTopicPrefix();
  const schema = uniqueSchema('ingress');
  const kafka = testKafka();
  let service: ServiceProcess;
  let producer: Producer;
  let replies: Awaited<ReturnType<typeof collectTopic>>;
  let deadLetters: Awaited<ReturnType<typeof collectTopic>>;
  const commands = commandTopicOf('social-services', prefix);

  beforeAll(async () => {
    await ensureTopics(kafka, [commands, replyTopicOf('social-services', prefix), deadLetterTopicOf(prefix)]);
    service = await ServiceProcess.start('social-services', { DATABASE_SCHEMA: schema, KAFKA_TOPIC_PREFIX: prefix });
    await service.waitHealthy();
    producer = kafka.producer();
    await producer.connect();
    replies = await collectTopic(kafka, replyTopicOf('social-services', prefix));
    deadLetters = await collectTopic(kafka, deadLetterTopicOf(prefix));
  });
  afterAll(async () => {
    await replies?.stop();
    await deadLetters?.stop();
    await producer?.disconnect();
    await service?.stop();
    await dropSchemas(schema);
  });

  const send = async (key: string, value: unknown, headers: Record<string, string>) =>
    producer.send({ topic: commands, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value), headers }] });
  const as = async (institutionId: string, commandId = randomUUID()) => ({ 'command-id': commandId, authorization: `Bearer ${await tokenFor(institutionId, 'tech-ana', 'technician')}` });
  const replyTo = async (commandId: string, count = 1) => {
    const mine = () => replies.messages.filter((m) => m.headers?.['command-id']?.toString() === commandId);
    await waitFor(() => mine().length >= count, 60_000, `the reply to ${commandId}`);
    return mine().map((m) => ({ outcome: m.headers?.outcome?.toString(), key: m.key?.toString(), ...JSON.parse(m.value!.toString()) }));
  };
  const opening = (caseId: string) => ({ type: 'OpenCase', version: 1, body: { caseId, personId: `p-${randomUUID().slice(0, 8)}`, municipality: 'Albacete', gender: 'female', birthYear: 1980, incidenceGroups: [], openedOn: '2026-01-10' } });

  it('decides a command as over HTTP and answers on the replies topic, keyed like the command', async () => {
    const caseId = `case-${randomUUID()}`;
    const headers = await as('ss-albacete');
    await send(caseId, opening(caseId), headers);
    const [reply] = await replyTo(headers['command-id']);
    expect(reply).toMatchObject({ outcome: 'accepted', key: caseId, status: 201, result: { streamId: `case-${caseId}`, version: 1, events: [{ type: 'case.opened', institutionId: 'ss-albacete' }] } });
    const http = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    expect((await http.get(`/cases/${caseId}`)).body).toMatchObject({ status: 'open', openedBy: 'ss-albacete' });
  });

  it('the same command twice has one effect and gets the first answer again', async () => {
    const caseId = `case-${randomUUID()}`;
    const headers = await as('ss-albacete');
    const command = opening(caseId);
    await send(caseId, command, headers);
    await send(caseId, command, headers);
    const [first, second] = await replyTo(headers['command-id'], 2);
    expect(second).toEqual(first);
    const http = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    expect((await http.get(`/cases/${caseId}/timeline`)).body.events).toHaveLength(1);

    // The same command id with another body is a different command: refused, as over HTTP.
    await send(caseId, opening(caseId), headers);
    expect((await replyTo(headers['command-id'], 3))[2]).toMatchObject({ outcome: 'rejected', status: 409, error: { code: 'IDEMPOTENCY.KEY_REUSED' } });
  });

  it("rejects with the API's codes: another institution's case, an invalid body, a forged token", async () => {
    const caseId = `case-${randomUUID()}`;
    const owner = await as('ss-albacete');
    await send(caseId, opening(caseId), owner);
    await replyTo(owner['command-id']);

    const stranger = await as('ss-hellin');
    await send(caseId, { type: 'RecordDiagnosis', version: 1, params: { caseId }, body: { diagnosedOn: '2026-01-20', dimensions: [{ dimension: 'housing', score: 5, critical: false }] } }, stranger);
    expect((await replyTo(stranger['command-id']))[0]).toMatchObject({ outcome: 'rejected', status: 403, error: { code: 'ACCESS.DENIED' } });

    const invalid = await as('ss-albacete');
    await send(caseId, { type: 'RecordDiagnosis', version: 1, params: { caseId }, body: { diagnosedOn: 'yesterday' } }, invalid);
    const rejected = (await replyTo(invalid['command-id']))[0];
    expect(rejected).toMatchObject({ outcome: 'rejected', status: 400 });
    expect(JSON.stringify(rejected.error)).toMatch(/diagnosedOn/);

    const forgedId = randomUUID();
    const forged = await signToken('ss-albacete', strangerKey(), { userId: 'tech-ana', role: 'technician' });
    await send(caseId, { type: 'CloseCase', version: 1, params: { caseId }, body: { closedOn: '2026-02-01', outcome: 'dropped-out' } }, { 'command-id': forgedId, authorization: `Bearer ${forged}` });
    expect((await replyTo(forgedId))[0]).toMatchObject({ outcome: 'rejected', status: 401, error: { code: 'AUTH.INVALID_TOKEN' } });
    const http = client(service, { institutionId: 'ss-albacete', userId: 'tech-ana', role: 'technician' });
    expect((await http.get(`/cases/${caseId}`)).body).toMatchObject({ status: 'open' });
  });

  it('a poison message among good ones is dead-lettered with the reason and a rejection reply; the others are decided in order', async () => {
    const caseId = `case-${randomUUID()}`;
    const good = await as('ss-albacete');
    const poisonId = randomUUID();
    const after = await as('ss-albacete');
    await send(caseId, opening(caseId), good);
    await send(caseId, '{"type": "OpenCase", oops', { ...(await as('ss-albacete', poisonId)) });
    await send(caseId, { type: 'AssignReferenceTechnician', version: 1, params: { caseId }, body: { technicianId: 'tech-ana' } }, after);
    expect((await replyTo(good['command-id']))[0]).toMatchObject({ outcome: 'accepted' });
    expect((await replyTo(poisonId))[0]).toMatchObject({ outcome: 'rejected', status: 400, error: { code: 'COMMAND.INVALID', message: expect.stringMatching(/not JSON/) } });
    expect((await replyTo(after['command-id']))[0]).toMatchObject({ outcome: 'accepted', result: { version: 2 } });
    await waitFor(() => deadLetters.messages.some((m) => m.headers?.['command-id']?.toString() === poisonId), 30_000, 'the poison message in the dead-letter topic');
    const dead = deadLetters.messages.find((m) => m.headers?.['command-id']?.toString() === poisonId)!;
    expect(dead.headers?.['dlt-reason']?.toString()).toMatch(/not JSON/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** docker-compose.yml cannot run here; this keeps it consistent with the local stack. */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const localServices = /SERVICES="([^"]+)"/.exec(read('infra/lib.sh'))![1].split(' ').map((entry) => entry.split(':'));

  it('runs the four services on the ports of the local stack', () => {
    for (const [name, port] of localServices) {
      expect(compose.services[name]).toBeDefined();
      expect(String(compose.services[name].environment.PORT)).toBe(port);
      expect(compose.services[name].command).toEqual(['node', `dist/apps/${name}/src/main.js`]);
    }
  });

  it('runs the Kafka version that infra/kafka pins, in KRaft mode', () => {
    const pinned = /<kafka.version>([^<]+)<\/kafka.version>/.exec(read('infra/kafka/pom.xml'))![1];
    expect(compose.services.kafka.image).toBe(`apache/kafka:${pinned}`);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
  });

  it('gives the services the same variables the local stack sets', () => {
    const localKeys = read('infra/local.env')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('=')[0]);
    for (const [name] of localServices) {
      for (const key of localKeys) expect(compose.services[name].environment).toHaveProperty(key);
    }
  });
});

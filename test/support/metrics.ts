import { freePort } from './service-process';

/** A service's Prometheus endpoint: its own port (METRICS_PORT), never the API's. */
export class MetricsPort {
  private constructor(readonly port: number) {}

  static async free(): Promise<MetricsPort> {
    return new MetricsPort(await freePort());
  }

  /** The variable that makes a service serve its metrics here. */
  get env(): { METRICS_PORT: string } {
    return { METRICS_PORT: String(this.port) };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/metrics`;
  }

  async scrape(): Promise<string> {
    const response = await fetch(this.url);
    if (response.status !== 200) throw new Error(`GET ${this.url} answered ${response.status}`);
    return response.text();
  }

  /** The sum of the samples of a counter whose line has all of `labels`. */
  async sum(name: string, labels: string[] = []): Promise<number> {
    return (await this.scrape())
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)))
      .reduce((total, line) => total + Number(line.split(' ').pop()), 0);
  }
}

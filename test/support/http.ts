import { serviceClient, ServiceClient, ServiceName } from '@inclusion/api-client';
import { ServiceProcess } from './service-process';
import { tokenFor } from './institutions';

export interface Who {
  institutionId: string;
  userId: string;
  role: 'technician' | 'tutor' | 'coordinator' | 'supervisor' | 'system';
}

export interface Reply<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  body: T;
}

/** An answer's body as JSON, or undefined when it is empty or not JSON (what the tests compare). */
const jsonOf = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

/**
 * The typed client (libs/api-client, openapi-fetch) seen through plain path strings: the
 * tests build concrete paths (`/cases/${caseId}/diagnosis`), which openapi-fetch sends as they
 * are, but its types only know the templates (`/cases/{caseId}/diagnosis`), so these calls
 * are not type-checked; `typed(service)` gives the typed client for tests that want it.
 */
type Untyped = {
  POST(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  GET(path: string, init: object): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

/** A small HTTP client for one service, acting as one institution's user, built on the typed client of libs/api-client. */
export const client = (service: ServiceProcess, who: Who) => {
  const api = serviceClient(service.name, service.url, { token: () => tokenFor(who.institutionId, who.userId, who.role) });
  const untyped = api as unknown as Untyped;
  // Bodies are sent as given when they are text (malformed JSON on purpose), as JSON otherwise; answers are read as
  // text and parsed here, so a body that is not JSON is undefined rather than an exception.
  const common = { bodySerializer: (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body)), parseAs: 'text' as const };
  const reply = <T>({ data, error, response }: { data?: unknown; error?: unknown; response: Response }): Reply<T> => ({
    status: response.status,
    body: jsonOf(response.ok ? data : error) as T,
  });
  return {
    async post<T = any>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
      return reply<T>(await untyped.POST(path, { ...common, body, headers: extra }));
    },
    /** GET with a declared purpose (X-Purpose: follow-up unless `extra` says otherwise). */
    async get<T = any>(path: string, extra: Record<string, string> = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
      return reply<T>(await untyped.GET(path, { ...common, headers: { 'x-purpose': who.role === 'supervisor' ? 'supervision' : 'follow-up', ...extra } }));
    },
    /** POST that must succeed (201); fails the test with the response otherwise. */
    async ok<T = any>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
      const answer = await this.post<T>(path, body, extra);
      if (answer.status !== 201) throw new Error(`POST ${service.name}${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    /** The same client with the service's types (paths, bodies, answers): `ei.typed('insertion-company').POST('/placements/{placementId}/incidents', ...)`. */
    typed<S extends ServiceName>(name: S): ServiceClient<S> {
      if (name !== service.name) throw new Error(`this client talks to ${service.name}, not ${name}`);
      return api as unknown as ServiceClient<S>;
    },
  };
};

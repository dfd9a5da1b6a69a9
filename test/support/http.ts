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

/** A small HTTP client for one service, acting as one institution's user. */
export const client = (service: ServiceProcess, who: Who) => {
  const headers = async (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${await tokenFor(who.institutionId, who.userId, who.role)}`,
    ...extra,
  });
  return {
    async post<T = any>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
      const response = await fetch(`${service.url}${path}`, { method: 'POST', headers: await headers(extra), body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
    },
    /** GET with a declared purpose (X-Purpose: follow-up unless `extra` says otherwise). */
    async get<T = any>(path: string, extra: Record<string, string> = {}): Promise<Reply<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
      const response = await fetch(`${service.url}${path}`, { headers: await headers({ 'x-purpose': who.role === 'supervisor' ? 'supervision' : 'follow-up', ...extra }) });
      return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
    },
    /** POST that must succeed (201); fails the test with the response otherwise. */
    async ok<T = any>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
      const reply = await this.post<T>(path, body, extra);
      if (reply.status !== 201) throw new Error(`POST ${service.name}${path} -> ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    },
  };
};

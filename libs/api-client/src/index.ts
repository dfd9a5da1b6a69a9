import createClient, { Client, Middleware } from 'openapi-fetch';
import type { components as EmploymentOfficeComponents, paths as EmploymentOfficePaths } from './generated/employment-office';
import type { components as InsertionCompanyComponents, paths as InsertionCompanyPaths } from './generated/insertion-company';
import type { components as RegionalDelegationComponents, paths as RegionalDelegationPaths } from './generated/regional-delegation';
import type { components as SocialServicesComponents, paths as SocialServicesPaths } from './generated/social-services';

/**
 * Typed HTTP clients of the four services (openapi-fetch), from their OpenAPI documents
 * (docs/openapi/<service>.json; the types in ./generated are written by openapi-typescript
 * through `npm run docs:openapi`, and a test fails when they are stale).
 *
 *   const api = serviceClient('social-services', 'http://127.0.0.1:3001', { token });
 *   const { data, error, response } = await api.POST('/cases', { body: { caseId, personId, ... } });
 */
export interface ServicePaths {
  'social-services': SocialServicesPaths;
  'employment-office': EmploymentOfficePaths;
  'insertion-company': InsertionCompanyPaths;
  'regional-delegation': RegionalDelegationPaths;
}
export type ServiceName = keyof ServicePaths;
export type ServiceClient<S extends ServiceName> = Client<ServicePaths[S]>;

export type SocialServicesSchemas = SocialServicesComponents['schemas'];
export type EmploymentOfficeSchemas = EmploymentOfficeComponents['schemas'];
export type InsertionCompanySchemas = InsertionCompanyComponents['schemas'];
export type RegionalDelegationSchemas = RegionalDelegationComponents['schemas'];
/** The error body every service answers (ErrorBody). */
export type ErrorBody = SocialServicesSchemas['ErrorBody'];
/** What every command answers. */
export type CommandResult = SocialServicesSchemas['CommandResult'];

export interface ClientOptions {
  /** The bearer token (JWT signed by the institution), or a function that gives a fresh one per request. */
  token?: string | (() => string | Promise<string>);
  /** Headers sent with every request (X-Purpose, say). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** A typed client of one service at `baseUrl`. */
export function serviceClient<S extends ServiceName>(_service: S, baseUrl: string, options: ClientOptions = {}): ServiceClient<S> {
  const client = createClient<ServicePaths[S]>({ baseUrl, headers: options.headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token !== undefined) {
    const auth: Middleware = {
      async onRequest({ request }) {
        if (!request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

import { DOMAIN_MAP } from '@inclusion/domain';
import { COMMAND_HEADERS, ID, MAX_COMMAND_BYTES } from '@inclusion/contracts';

/**
 * A command sent through Kafka by an institution's own system: one message is one command of
 * the HTTP API (the same type names as docs/domain.md, the same bodies), decided exactly as
 * over HTTP. Pure: what the ingress needs to route it, or why it is not a command.
 */
export interface CommandMessage {
  /** The command, as docs/domain.md names it (OpenCase, RecordDiagnosis, StartPlacement...). */
  type: string;
  version: 1;
  /** The path parameters of its HTTP route (caseId, placementId, tableId...). */
  params?: Record<string, string>;
  body: unknown;
}

/** The headers of command and reply messages, and the largest command taken: shared with the AsyncAPI document (libs/contracts). */
export { COMMAND_HEADERS, MAX_COMMAND_BYTES } from '@inclusion/contracts';

export interface CommandRoute {
  type: string;
  method: 'POST';
  /** The route template, e.g. /cases/:caseId/diagnosis. */
  template: string;
  params: string[];
}

/** The commands a service takes over Kafka: those of its HTTP API, from the domain map (reactions have no route). */
export function commandRoutes(service: string): Map<string, CommandRoute> {
  const routes = new Map<string, CommandRoute>();
  for (const aggregate of DOMAIN_MAP) {
    const served = aggregate.service === service || aggregate.service.startsWith('any');
    if (!served) continue;
    for (const command of aggregate.commands) {
      const match = /^POST (\/\S+)/.exec(command.http);
      if (!match) continue;
      routes.set(command.command, { type: command.command, method: 'POST', template: match[1], params: [...match[1].matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]) });
    }
  }
  return routes;
}

export type ParsedCommand =
  | { ok: true; commandId: string; authorization: string; correlationId?: string; message: CommandMessage; path: string }
  | { ok: false; reason: string; commandId?: string; correlationId?: string };

const header = (headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : String(first);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks a Kafka message is a command this service takes, naming every problem; gives the route to decide it on. */
export function parseCommandMessage(
  value: Buffer | null,
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
  routes: Map<string, CommandRoute>,
): ParsedCommand {
  const commandId = header(headers, COMMAND_HEADERS.commandId);
  const correlationId = header(headers, COMMAND_HEADERS.correlationId);
  const authorization = header(headers, COMMAND_HEADERS.authorization);
  const problems: string[] = [];
  const validId = commandId !== undefined && /^[\x21-\x7e]{1,200}$/.test(commandId);
  if (!validId) problems.push('header command-id must be 1-200 visible ASCII characters (the command\'s idempotency key)');
  if (correlationId !== undefined && !UUID.test(correlationId)) problems.push('header correlation-id must be a UUID');
  if (!authorization || !authorization.startsWith('Bearer ')) problems.push('header authorization must be "Bearer <token signed by your institution>"');
  if (!value) problems.push('the message has no value');
  else if (value.length > MAX_COMMAND_BYTES) problems.push(`the message is larger than ${MAX_COMMAND_BYTES} bytes`);
  let parsed: Partial<CommandMessage> | undefined;
  if (value && value.length <= MAX_COMMAND_BYTES) {
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch {
      problems.push('the message is not JSON');
    }
  }
  let route: CommandRoute | undefined;
  let path = '';
  if (parsed !== undefined) {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) problems.push('the message must be a JSON object {type, version, params, body}');
    else {
      route = typeof parsed.type === 'string' ? routes.get(parsed.type) : undefined;
      if (!route) problems.push(`type must be one of ${[...routes.keys()].join(', ')}`);
      if (parsed.version !== 1) problems.push('version must be 1');
      if (parsed.body === undefined || typeof parsed.body !== 'object' || parsed.body === null) problems.push('body must be a JSON object (the HTTP request body)');
      if (route) {
        const params = (parsed.params ?? {}) as Record<string, unknown>;
        path = route.template;
        for (const name of route.params) {
          const param = params[name];
          if (typeof param !== 'string' || !ID.test(param)) problems.push(`params.${name} must be an id`);
          else path = path.replace(`:${name}`, encodeURIComponent(param));
        }
      }
    }
  }
  if (problems.length) return { ok: false, reason: problems.join('; '), commandId: validId ? commandId : undefined, correlationId };
  return { ok: true, commandId: commandId!, authorization: authorization!, correlationId, message: parsed as CommandMessage, path };
}

import { ConsoleLogger, LoggerService, LogLevel } from '@nestjs/common';
import { DestinationStream, Level, Logger as Pino, pino } from 'pino';
import { currentLogContext } from './log-context';

/** The levels of LOG_LEVEL (Nest's names), from the most to the least severe. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type ServiceLogLevel = (typeof LOG_LEVELS)[number];

/** Nest's level names mapped to pino's: `log` is pino's `info`, `verbose` its `trace`. */
export const PINO_LEVEL_OF: Record<LogLevel, Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

export interface LoggerSettings {
  serviceName: string;
  logLevel: ServiceLogLevel;
  logFormat: 'json' | 'text';
}

const isStack = (value: unknown): value is string => typeof value === 'string' && /^.+\n\s+at .+/.test(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);

/**
 * Nest's LoggerService over pino: one JSON object per line with `level` (pino's name),
 * `time` (ISO 8601), `service`, `pid`, `context` (the Nest logger's name), `msg`, and the
 * `correlationId` of the request or consumed event being handled (see log-context.ts).
 * An object message is spread into the line (its `message` becomes `msg`); an Error or an
 * error stack goes under `err`.
 *
 * Nest calls `log(message, ...params)` with the context as the last string parameter, and
 * `error(message, stack?, context?)`: both shapes are read the way Nest's ConsoleLogger reads them.
 */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  /** Nest passes the enabled levels; the least severe of them becomes pino's threshold. */
  setLogLevels(levels: LogLevel[]) {
    const enabled = LOG_LEVELS.filter((level) => levels.includes(level));
    this.pino.level = enabled.length ? PINO_LEVEL_OF[enabled[enabled.length - 1]] : 'fatal';
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const rest = [...params];
    // Nest's Logger appends its context as the last parameter (after `undefined` for error()).
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !isStack(rest[rest.length - 1]) ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (level === 'error' && rest.length > 0 && (rest[0] === undefined || isStack(rest[0]))) {
      const stack = rest.shift();
      if (stack) fields.err = { stack };
    } else if (rest[0] instanceof Error) {
      fields.err = rest.shift();
    }
    const details = rest.filter((value) => value !== undefined);
    if (details.length) fields.details = details;
    let msg: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (isPlainObject(message)) {
      const { message: text, ...others } = message;
      Object.assign(fields, others);
      if (text !== undefined) msg = typeof text === 'string' ? text : JSON.stringify(text);
    } else if (typeof message === 'string') {
      msg = message;
    } else {
      msg = JSON.stringify(message);
    }
    this.pino[level](fields, msg);
  }
}

/** The pino instance behind a service's logs (json format). `destination` is for tests; stdout otherwise. */
export function createPino(settings: Pick<LoggerSettings, 'serviceName' | 'logLevel'>, destination?: DestinationStream): Pino {
  return pino(
    {
      level: PINO_LEVEL_OF[settings.logLevel],
      base: { service: settings.serviceName, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Lines written while a request or a consumed event is handled carry its correlation id;
      // a correlationId given in the line itself wins.
      mixin: () => {
        const context = currentLogContext();
        return context ? { correlationId: context.correlationId } : {};
      },
    },
    // Asynchronous writes: a line is queued and written by libuv's pool, off the event loop.
    // A write still in flight when process.exit() runs would be lost (pino's exit hook only
    // writes what is queued behind it), so every planned exit goes through
    // exitAfterFlushingLogs, which waits for the writes first.
    destination ?? asyncStdout(),
  );
}

/** SonicBoom, as far as waiting for it is concerned: `_writing` is true while a write is in libuv's pool; 'drain' follows the last one. */
type Destination = ReturnType<typeof pino.destination> & { _writing?: boolean };

/** The asynchronous stdout destinations of this process's loggers. */
const destinations = new Set<Destination>();

function asyncStdout(): Destination {
  const destination = pino.destination({ dest: 1, sync: false }) as Destination;
  destinations.add(destination);
  return destination;
}

/**
 * Resolves once every line logged so far is written to stdout (or after `timeoutMs`, if
 * stdout does not take them: a reader that stopped reading must not hold the exit forever).
 */
export async function flushLogs(timeoutMs = 2_000): Promise<void> {
  await Promise.all(
    [...destinations].map(
      (destination) =>
        new Promise<void>((resolve) => {
          if (!destination._writing) {
            // Nothing in flight: whatever is queued (nothing, normally) is written now.
            try {
              destination.flushSync();
            } catch {
              // closed (stdout gone): nothing more can be written
            }
            return resolve();
          }
          const timer = setTimeout(resolve, timeoutMs);
          destination.once('drain', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
}

/** process.exit(code) once the lines logged so far are written (see flushLogs). */
export async function exitAfterFlushingLogs(code: number, timeoutMs?: number): Promise<never> {
  await flushLogs(timeoutMs);
  process.exit(code);
}

/** Nest's console lines (LOG_FORMAT=text), with the correlation id after the context when there is one. */
export class TextLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const correlationId = currentLogContext()?.correlationId;
    return super.formatContext(context) + (correlationId ? `(${correlationId}) ` : '');
  }
}

/**
 * The logger of a service, from LOG_FORMAT and LOG_LEVEL: pino JSON lines (json, the
 * default), or Nest's console lines for a person reading a terminal (text).
 */
export function createLogger(settings: LoggerSettings): LoggerService {
  if (settings.logFormat === 'text') {
    return new TextLogger(settings.serviceName, { logLevels: ['fatal', ...LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(settings.logLevel) + 1)] });
  }
  return new PinoLoggerService(createPino(settings));
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './stack';

/**
 * The authorization matrix of docs/security.md ("Roles and rules"), as data: the Markdown
 * table between `<!-- authorization-matrix:start -->` and `<!-- authorization-matrix:end -->`.
 *
 *   | service | route | <caller> | <caller> | ...
 *   |---|---|---|...
 *   | ss | `POST /cases/:caseId/diagnosis` | 401 | 2xx | 403 | ...
 *   | *  | `GET /streams/events?caseId=:caseId` (variant) | ...
 *
 * service: ss, eo, ei, rd (social-services, employment-office, insertion-company,
 * regional-delegation) or * (the same answers at all four). route: METHOD and path template
 * in backticks, optionally followed by a variant in parentheses. A cell is an HTTP status
 * (403), a class (2xx), `-` (not applicable: no request is sent), and may end with `*`: the
 * documented (intended) answer, which the code does not give today (see the notes under the
 * table).
 */

export const MATRIX_START = '<!-- authorization-matrix:start -->';
export const MATRIX_END = '<!-- authorization-matrix:end -->';

export const SERVICE_CODES = {
  ss: 'social-services',
  eo: 'employment-office',
  ei: 'insertion-company',
  rd: 'regional-delegation',
} as const;
export type MatrixService = (typeof SERVICE_CODES)[keyof typeof SERVICE_CODES];

export type Expectation =
  | { kind: 'skip'; text: string }
  | { kind: 'status'; text: string; status: number; known: boolean }
  | { kind: 'class'; text: string; hundred: number; known: boolean };

export interface MatrixRow {
  /** Line number in the document (1-based), for messages. */
  line: number;
  service: MatrixService;
  method: string;
  /** The path template, query included (e.g. /streams/events?caseId=:caseId). */
  path: string;
  variant: string | null;
  /** `METHOD path (variant)`: what a test looks its request up by. */
  key: string;
  cells: Record<string, Expectation>;
}

export interface AuthorizationMatrix {
  callers: string[];
  rows: MatrixRow[];
}

export const routeKey = (method: string, path: string, variant: string | null) => `${method} ${path}${variant ? ` (${variant})` : ''}`;

export function parseExpectation(raw: string): Expectation {
  const text = raw.trim();
  if (text === '-') return { kind: 'skip', text };
  const match = /^(?:([1-5])xx|([1-5]\d\d))(\*)?$/.exec(text);
  if (!match) throw new Error(`"${text}" is not an expected answer: write a status (403), a class (2xx) or - (not applicable), optionally followed by *`);
  const known = match[3] === '*';
  return match[1] ? { kind: 'class', text, hundred: Number(match[1]), known } : { kind: 'status', text, status: Number(match[2]), known };
}

export const satisfies = (expectation: Exclude<Expectation, { kind: 'skip' }>, status: number): boolean =>
  expectation.kind === 'class' ? Math.floor(status / 100) === expectation.hundred : status === expectation.status;

const cellsOf = (line: string): string[] => {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) throw new Error('a table line must start and end with |');
  return trimmed.slice(1, -1).split('|').map((cell) => cell.trim());
};

/** Parses the matrix out of a Markdown document; throws naming the line of anything malformed. */
export function parseAuthorizationMatrix(markdown: string): AuthorizationMatrix {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === MATRIX_START);
  const end = lines.findIndex((line) => line.trim() === MATRIX_END);
  if (start < 0 || end < 0 || end < start) throw new Error(`the document has no ${MATRIX_START} ... ${MATRIX_END} block`);
  const table = lines
    .map((text, index) => ({ text, line: index + 1 }))
    .slice(start + 1, end)
    .filter(({ text }) => text.trim() !== '');
  if (table.length < 3) throw new Error('the authorization matrix needs a header, a separator and at least one row');
  const header = cellsOf(table[0].text);
  if (header[0] !== 'service' || header[1] !== 'route') throw new Error(`line ${table[0].line}: the first two columns must be "service" and "route"`);
  const callers = header.slice(2).map((caller) => caller.replace(/`/g, ''));
  if (new Set(callers).size !== callers.length) throw new Error(`line ${table[0].line}: a caller column appears twice`);
  if (!cellsOf(table[1].text).every((cell) => /^:?-{3,}:?$/.test(cell))) throw new Error(`line ${table[1].line}: expected the separator line (|---|---|...)`);

  const rows: MatrixRow[] = [];
  const seen = new Set<string>();
  for (const { text, line } of table.slice(2)) {
    const where = `docs/security.md line ${line}`;
    const cells = cellsOf(text);
    if (cells.length !== header.length) throw new Error(`${where}: ${cells.length} cells, the header has ${header.length}`);
    const route = /^`(GET|POST|PUT|PATCH|DELETE|HEAD) (\/[^`\s]*)`(?:\s+\(([^)]+)\))?$/.exec(cells[1]);
    if (!route) throw new Error(`${where}: the route must be \`METHOD /path\` optionally followed by (variant), got "${cells[1]}"`);
    const [, method, path, variant = null] = route;
    const code = cells[0];
    const services: MatrixService[] = code === '*' ? Object.values(SERVICE_CODES) : code in SERVICE_CODES ? [SERVICE_CODES[code as keyof typeof SERVICE_CODES]] : [];
    if (!services.length) throw new Error(`${where}: unknown service "${code}" (ss, eo, ei, rd or *)`);
    const expectations: Record<string, Expectation> = {};
    callers.forEach((caller, index) => {
      try {
        expectations[caller] = parseExpectation(cells[index + 2]);
      } catch (error) {
        throw new Error(`${where}, column ${caller}: ${(error as Error).message}`);
      }
    });
    for (const service of services) {
      const key = routeKey(method, path, variant);
      if (seen.has(`${service} ${key}`)) throw new Error(`${where}: ${service} ${key} appears twice`);
      seen.add(`${service} ${key}`);
      rows.push({ line, service, method, path, variant, key, cells: expectations });
    }
  }
  return { callers, rows };
}

/** The matrix as docs/security.md states it today. */
export const readAuthorizationMatrix = (file = join(ROOT, 'docs', 'security.md')): AuthorizationMatrix => parseAuthorizationMatrix(readFileSync(file, 'utf8'));

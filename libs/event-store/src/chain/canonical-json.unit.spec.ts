import { canonicalJson } from './canonical-json';

/** The first, obviously correct form (entries filtered, sorted, mapped): the fast loops must give its bytes. */
function canonicalJsonReference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJsonReference(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJsonReference(v)}`).join(',')}}`;
}

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
const randomOf = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const KEYS = ['a', 'B', 'b', 'é', 'z', '10', '2', '', 'key with "quotes"', '\u{1F600}', 'ﬀ', 'caseId', 'payload'];

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return random() < 0.5;
    case 3: return Math.floor(random() * 1e6) - 5e5;
    case 4: return random() * 1e3;
    case 5: return ['', 'text', 'line\nbreak', 'tab\t"q"\\', 'ñandú', '\u2028', '\u{1F600}'][Math.floor(random() * 7)];
    case 6: return new Date(Math.floor(random() * 2e12));
    case 7: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [KEYS[Math.floor(random() * KEYS.length)], randomValue(random, depth + 1)]));
  }
}

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units, drops undefined members, writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }], B: null })).toBe('{"B":null,"a":[null,{"c":"x"}],"b":1}');
    expect(canonicalJson({ 'ﬀ': 1, '\u{1F600}': 2 })).toBe('{"\u{1F600}":2,"ﬀ":1}');
    expect(canonicalJson(new Date('2026-01-02T03:04:05.678Z'))).toBe('"2026-01-02T03:04:05.678Z"');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('gives the bytes of the reference form for 5000 random values', () => {
    const random = randomOf(20261128);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(random, 0);
      expect(canonicalJson(value)).toBe(canonicalJsonReference(value));
    }
  });
});

/**
 * Canonical JSON (RFC 8785 in spirit): object keys sorted, no whitespace, undefined dropped.
 * The same event always serialises to the same bytes, whatever order PostgreSQL's JSONB or
 * a client gave its keys in, so its hash can be recomputed by anyone.
 *
 * Every append hashes its events with it, so it is written as plain loops (no intermediate
 * arrays of entries): the bytes are those of `canonicalJsonReference` in the spec beside it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item = value[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Default sort order compares UTF-16 code units, as `a < b` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return out + '}';
}

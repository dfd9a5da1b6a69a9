import { causalOrder, causalPage, CausalLink } from './causal-order';

const ev = (eventId: string, causationId: string | null = null, at = eventId): CausalLink & { at: string } => ({ eventId, causationId, at });
const ids = (items: CausalLink[]) => items.map((e) => e.eventId);

describe('causalOrder', () => {
  it('places an effect that arrived first right after its cause', () => {
    // incident.follow-up-opened (f) arrived 1.5 s before the incident.reported (r) that caused it.
    const events = [ev('opened'), ev('f', 'r'), ev('other'), ev('r'), ev('later')];
    expect(ids(causalOrder(events))).toEqual(['opened', 'other', 'r', 'f', 'later']);
  });

  it('keeps the given order when causes come first (a stable order)', () => {
    const events = [ev('a'), ev('b', 'a'), ev('c'), ev('d', 'a'), ev('e', 'c')];
    expect(causalOrder(events)).toEqual(events);
  });

  it('puts a whole chain recorded backwards cause first, with each cause followed by its waiting effects in their order', () => {
    const events = [ev('x3', 'x2'), ev('y', 'x1'), ev('x2', 'x1'), ev('z'), ev('x1')];
    expect(ids(causalOrder(events))).toEqual(['z', 'x1', 'y', 'x2', 'x3']);
  });

  it('tolerates unknown causes, self-causation, duplicates and cycles, keeping the given order for them', () => {
    expect(ids(causalOrder([ev('a', 'not-here'), ev('b', 'b'), ev('c')]))).toEqual(['a', 'b', 'c']);
    expect(ids(causalOrder([ev('a'), ev('f', 'a'), ev('a')]))).toEqual(['a', 'f', 'a']);
    // A cycle (no honest network produces one): its members keep their order, their effects follow them.
    expect(ids(causalOrder([ev('e', 'p'), ev('p', 'q'), ev('q', 'p'), ev('s')]))).toEqual(['p', 'e', 'q', 's']);
    expect(causalOrder([])).toEqual([]);
  });

  it('reads the links through an accessor (audit records keep the cause under why)', () => {
    const records = [{ id: 'f', why: { causationId: 'r' } }, { id: 'r', why: { causationId: null } }];
    expect(causalOrder(records, (r) => ({ eventId: r.id, causationId: r.why.causationId })).map((r) => r.id)).toEqual(['r', 'f']);
  });

  it('never places an effect before its cause, for any arrival order of a reaction tree', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const tree = Array.from({ length: 12 }, (_, i) => ev(`e${i}`, i > 0 && random() < 0.7 ? `e${Math.floor(random() * i)}` : null));
      const arrived = [...tree].sort(() => random() - 0.5);
      const ordered = causalOrder(arrived);
      expect(new Set(ids(ordered)).size).toBe(12);
      const at = new Map(ids(ordered).map((id, i) => [id, i]));
      for (const e of tree) if (e.causationId) expect(at.get(e.causationId)!).toBeLessThan(at.get(e.eventId)!);
    }
  });
});

describe('causalPage', () => {
  const key = (e: { at: string }) => e.at;

  it('holds an effect back until the page of its cause, so that pages put together equal the whole trail in causal order', () => {
    // Recording keys 01..08; f (02) was caused by r (06), g (03) by f.
    const trail = [ev('a', null, '01'), ev('f', 'r', '02'), ev('g', 'f', '03'), ev('b', null, '04'), ev('c', 'a', '05'), ev('r', null, '06'), ev('d', null, '07'), ev('h', 'r', '08')];
    const whole = ids(causalOrder(trail));
    expect(whole).toEqual(['a', 'b', 'c', 'r', 'f', 'g', 'd', 'h']);
    expect(ids(causalPage(trail, key, null, '03'))).toEqual(['a']);
    expect(ids(causalPage(trail, key, '03', '06'))).toEqual(['b', 'c', 'r', 'f', 'g']);
    expect(ids(causalPage(trail, key, '06', null))).toEqual(['d', 'h']);
  });

  it('gives the whole causal order page by page for any page size and any recording order', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 100; run++) {
      const n = 15;
      const keys = Array.from({ length: n }, (_, i) => String(i).padStart(3, '0')).sort(() => random() - 0.5);
      const trail = Array.from({ length: n }, (_, i) => ev(`e${i}`, i > 0 && random() < 0.6 ? `e${Math.floor(random() * i)}` : random() < 0.1 ? 'elsewhere' : null, keys[i])).sort((a, b) => a.at.localeCompare(b.at));
      const whole = ids(causalOrder(trail));
      const size = 1 + Math.floor(random() * 5);
      const pages: string[] = [];
      for (let start = 0; start < n; start += size) {
        const after = start === 0 ? null : trail[start - 1].at;
        const until = start + size < n ? trail[start + size - 1].at : null;
        pages.push(...ids(causalPage(trail, key, after, until)));
      }
      expect(pages).toEqual(whole);
    }
  });
});

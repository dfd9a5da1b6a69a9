/** What causal ordering needs of an event: its id and the id of the event that caused it. */
export interface CausalLink {
  eventId: string;
  causationId?: string | null;
}

const asLink = (item: unknown) => item as CausalLink;

/**
 * The cause each item waits for (an index into `items`), or -1: the item's causationId names
 * another item of the list, and following causes up from there never comes back to the item
 * (a cycle, which no honest network produces, is ignored, so its members keep the given
 * order). A cause that is not in the list is no cause here.
 */
function causesOf<T>(items: readonly T[], linkOf: (item: T) => CausalLink): number[] {
  const indexOf = new Map<string, number>();
  items.forEach((item, i) => {
    const id = linkOf(item).eventId;
    if (!indexOf.has(id)) indexOf.set(id, i);
  });
  const direct = items.map((item) => {
    const cause = linkOf(item).causationId;
    return cause && indexOf.has(cause) ? indexOf.get(cause)! : -1;
  });
  return direct.map((cause, i) => {
    if (cause < 0 || cause === i) return -1;
    const seen = new Set<number>([cause]);
    for (let up = direct[cause]; up >= 0 && !seen.has(up); up = direct[up]) {
      if (up === i) return -1;
      seen.add(up);
    }
    return cause;
  });
}

/**
 * Orders events so that none comes before its cause. `items` come in their given order
 * (recording order, or network-log position); an item whose cause (its causationId) is in the
 * list but not placed yet waits, and is placed right after its cause, followed by its own
 * waiting effects. Everything else keeps the given order: a stable sort. A cause that is not
 * in the list, an event naming itself and cycles leave the given order.
 */
export function causalOrder<T>(items: readonly T[], linkOf: (item: T) => CausalLink = asLink): T[] {
  const cause = causesOf(items, linkOf);
  const waiting = new Map<number, number[]>();
  const placed = new Array<boolean>(items.length).fill(false);
  const out: T[] = [];
  const place = (first: number) => {
    const stack = [first];
    while (stack.length) {
      const i = stack.pop()!;
      if (placed[i]) continue;
      placed[i] = true;
      out.push(items[i]);
      const effects = waiting.get(i);
      if (effects) for (let k = effects.length - 1; k >= 0; k--) stack.push(effects[k]);
    }
  };
  items.forEach((_, i) => {
    const c = cause[i];
    if (c >= 0 && !placed[c]) waiting.set(c, [...(waiting.get(c) ?? []), i]);
    else place(i);
  });
  // Valid causes form a forest, so everything is placed by now; kept as a safety net.
  items.forEach((_, i) => place(i));
  return out;
}

/**
 * One page of a trail shown in causal order but paged by recording key (the cursor of the
 * previous page): the items released in (after, until], in the order `causalOrder` gives the
 * whole trail. An item is released at the latest key along its chain of causes in the trail:
 * an effect recorded before its cause waits for the page of its cause. Concatenating the
 * pages gives exactly `causalOrder` of the whole trail.
 *
 * `known` must hold every item of the trail with a key in (after, until], those recorded at or
 * before `after` whose chain of causes leads into that window, and the causes (in the trail)
 * of all of them, up their chains; more is harmless. `until` null: no later item yet.
 */
export function causalPage<T>(known: readonly T[], keyOf: (item: T) => string, after: string | null, until: string | null, linkOf: (item: T) => CausalLink = asLink): T[] {
  const byKey = [...new Map(known.map((item) => [linkOf(item).eventId, item])).values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const cause = causesOf(byKey, linkOf);
  const release: (string | undefined)[] = [];
  const releaseOf = (i: number): string => {
    const chain: number[] = [];
    for (let at = i; at >= 0 && release[at] === undefined; at = cause[at]) chain.push(at);
    for (let k = chain.length - 1; k >= 0; k--) {
      const c = cause[chain[k]];
      const own = keyOf(byKey[chain[k]]);
      release[chain[k]] = c >= 0 && release[c]! > own ? release[c] : own;
    }
    return release[i]!;
  };
  const released = byKey.filter((_, i) => {
    const at = releaseOf(i);
    return (after === null || at > after) && (until === null || at <= until);
  });
  return causalOrder(released, linkOf);
}

import { Identity } from './tokens';

/**
 * Verified bearer tokens remembered until they expire, so a client that sends the same token
 * with every request pays for one EdDSA verification, not one per request. Only tokens that
 * passed verification are kept (a refused token is verified again, and refused again, each
 * time); an entry is dropped at the token's own `exp`, never later, and the oldest entries go
 * first when the cache is full.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(
    private readonly verify: (token: string) => Promise<{ identity: Identity; expiresAt: number }>,
    private readonly capacity = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async identityOf(token: string): Promise<Identity> {
    const kept = this.entries.get(token);
    if (kept && kept.expiresAtMs > this.nowMs()) return kept.identity;
    if (kept) this.entries.delete(token);
    const { identity, expiresAt } = await this.verify(token);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { identity, expiresAtMs: expiresAt * 1000 });
    return identity;
  }

  get size(): number {
    return this.entries.size;
  }
}

import { HttpException, HttpStatus } from '@nestjs/common';

/** The public consultation is open to anyone: each client address may send a few contributions per window, each plan a bounded number. */
export class TooManyContributionsException extends HttpException {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', code: 'CONSULTATION.TOO_MANY_CONTRIBUTIONS', message, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

export interface ContributionCaps {
  perClient: number;
  perPlan: number;
  windowMs: number;
}

/** 5 contributions per client address and 500 per plan in 10 minutes: enough for people, not for a script. */
export const DEFAULT_CONTRIBUTION_CAPS: ContributionCaps = { perClient: 5, perPlan: 500, windowMs: 10 * 60_000 };

/** A sliding window of contribution times per client and per plan (in memory: per service instance). */
export class ContributionLimits {
  private readonly byClient = new Map<string, number[]>();
  private readonly byPlan = new Map<string, number[]>();

  constructor(private readonly caps: ContributionCaps = DEFAULT_CONTRIBUTION_CAPS) {}

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const kept = (map.get(key) ?? []).filter((t) => now - t < this.caps.windowMs);
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    return kept;
  }

  /** Takes a slot or throws TooManyContributionsException. */
  take(client: string, planId: string, now = Date.now()): void {
    const mine = this.recent(this.byClient, client, now);
    const plan = this.recent(this.byPlan, planId, now);
    const retry = (times: number[]) => Math.max(1, Math.ceil((times[0] + this.caps.windowMs - now) / 1000));
    if (mine.length >= this.caps.perClient) {
      throw new TooManyContributionsException(`at most ${this.caps.perClient} contributions per ${this.caps.windowMs / 60_000} minutes from one address; try again later`, retry(mine));
    }
    if (plan.length >= this.caps.perPlan) throw new TooManyContributionsException(`this plan takes at most ${this.caps.perPlan} contributions per ${this.caps.windowMs / 60_000} minutes; try again later`, retry(plan));
    this.byClient.set(client, [...mine, now]);
    this.byPlan.set(planId, [...plan, now]);
  }
}

import { ContributionLimits, TooManyContributionsException } from './contribution-limits';

describe('the public consultation limits', () => {
  it('lets a client send its quota in a window, then answers 429 until the window slides', () => {
    const limits = new ContributionLimits({ perClient: 2, perPlan: 10, windowMs: 60_000 });
    limits.take('1.2.3.4', 'plan', 0);
    limits.take('1.2.3.4', 'plan', 1_000);
    expect(() => limits.take('1.2.3.4', 'plan', 2_000)).toThrow(TooManyContributionsException);
    expect(() => limits.take('5.6.7.8', 'plan', 2_000)).not.toThrow();
    expect(() => limits.take('1.2.3.4', 'plan', 60_001)).not.toThrow();
  });

  it('caps a plan whoever sends', () => {
    const limits = new ContributionLimits({ perClient: 10, perPlan: 2, windowMs: 60_000 });
    limits.take('a', 'plan', 0);
    limits.take('b', 'plan', 0);
    expect(() => limits.take('c', 'plan', 0)).toThrow(/this plan takes at most 2/);
    expect(() => limits.take('c', 'other', 0)).not.toThrow();
  });
});

/**
 * The risk of chronification: one definition, in libs/domain/src/pact/chronification-risk.ts
 * (social services compute it for the cases they own; the delegation's case facts carry it).
 */
export { chronificationRisk, RISK_FORMULA, wholeMonthsBetween } from '@inclusion/domain';
export type { RiskScore } from '@inclusion/domain';

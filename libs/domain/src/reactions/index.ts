import { OPEN_INCIDENT_FOLLOW_UP } from './open-incident-follow-up.reaction';
import { OPEN_JOINT_ASSESSMENT } from './open-joint-assessment.reaction';
import { ReactionPolicy } from './reaction-policy';
import { REORIENT_AFTER_TABLE_DECISION } from './reorient-after-table-decision.reaction';
import { PASS_FINAL_EVALUATION } from './pass-final-evaluation.reaction';
import { ASSESS_CHRONIFICATION_RISK } from './assess-chronification-risk.reaction';
import { CONVENE_PROPOSED_MEETING } from './convene-proposed-meeting.reaction';

export * from './reaction-policy';
export * from './open-incident-follow-up.reaction';
export * from './open-joint-assessment.reaction';
export * from './reorient-after-table-decision.reaction';
export * from './pass-final-evaluation.reaction';
export * from './assess-chronification-risk.reaction';
export * from './convene-proposed-meeting.reaction';

/** Every reaction across institutions (docs/domain.md's reactions table is generated from this list). */
export const REACTION_POLICIES: ReactionPolicy[] = [OPEN_INCIDENT_FOLLOW_UP, REORIENT_AFTER_TABLE_DECISION, OPEN_JOINT_ASSESSMENT, PASS_FINAL_EVALUATION, ASSESS_CHRONIFICATION_RISK, CONVENE_PROPOSED_MEETING] as ReactionPolicy[];

/** The reactions table of docs/domain.md. */
export function renderReactionsTable(): string[] {
  return [
    '| reaction | cause | from | reacting service | command | records | recorded by |',
    '|---|---|---|---|---|---|---|',
    ...REACTION_POLICIES.map(
      (p) =>
        `| ${p.name} | ${p.on.map((t) => `\`${t}\``).join(', ')} | ${p.from === 'any-service' ? 'any service' : 'other services'} | ${p.service} | ${p.command} | \`${p.records}\` | ${p.actor} |`,
    ),
  ];
}

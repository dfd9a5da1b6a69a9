import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { IdRule } from './common';

/** Why a witness raised an alarm about an institution's transparency log. */
export const WITNESS_ALARM_REASONS = ['SHRINKS', 'FORK', 'INCONSISTENT_PROOF', 'BAD_SIGNATURE', 'STALLED'] as const;
export type WitnessAlarmReason = (typeof WITNESS_ALARM_REASONS)[number];

const ROOT = /^[A-Za-z0-9+/]{43}=$/;

/**
 * A witness (the regional delegation) refused to cosign an institution's checkpoint because it
 * contradicts what it cosigned before (shrinks, forks, no valid consistency proof, a signature
 * that is not the institution's), or the institution stopped publishing checkpoints.
 */
export class WitnessAlarmRaisedV1 {
  @IdRule('institutionId') institutionId: string;
  /** The log's origin line, e.g. inclusion-network/ss-albacete. */
  @IsString() @Length(1, 300) origin: string;
  @IsIn(WITNESS_ALARM_REASONS) reason: WitnessAlarmReason;
  @IsString() @Length(1, 2000) detail: string;
  /** The size and root (base64) the witness last cosigned, if any. */
  @IsOptional() @IsInt() @Min(0) cosignedSize?: number | null;
  @IsOptional() @Matches(ROOT, { message: 'cosignedRoot must be a base64 SHA-256 hash' }) cosignedRoot?: string | null;
  /** The size and root of the checkpoint it refused (absent for a stall). */
  @IsOptional() @IsInt() @Min(0) submittedSize?: number | null;
  @IsOptional() @Matches(ROOT, { message: 'submittedRoot must be a base64 SHA-256 hash' }) submittedRoot?: string | null;
}

export const WITNESS_EVENTS: EventDefinition[] = [
  {
    type: 'witness.alarm-raised',
    version: 1,
    producer: 'regional-delegation',
    aggregate: 'witness',
    description:
      "The delegation's witness refused an institution's transparency-log checkpoint (it shrinks, forks, has no valid consistency proof or signature) or saw no checkpoint for too long: institution, reason, the sizes and roots involved.",
    payload: WitnessAlarmRaisedV1,
  },
];

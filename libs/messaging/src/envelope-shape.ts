import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import { ACTOR_ROLES } from '@inclusion/contracts';

class ActorShape {
  @IsString()
  @Length(1, 200)
  userId: string;

  @IsIn(ACTOR_ROLES)
  role: string;

  @IsOptional()
  @IsString()
  onBehalfOf?: string | null;
}

/** The structure every message on an event topic must have (libs/contracts EventEnvelope). */
export class EnvelopeShape {
  @IsUUID() eventId: string;
  @IsString() @Length(1, 200) type: string;
  @IsInt() @Min(1) schemaVersion: number;
  @IsString() @Length(1, 300) streamId: string;
  @IsInt() @Min(1) streamVersion: number;
  @IsInt() @Min(1) globalPosition: number;
  @IsString() @Length(1, 200) institutionId: string;
  @IsInt() @Min(1) institutionSequence: number;
  @ValidateNested() @Type(() => ActorShape) actor: ActorShape;
  @IsISO8601() occurredAt: string;
  @IsISO8601() recordedAt: string;
  @IsUUID() correlationId: string;
  @IsOptional() @IsUUID() causationId: string | null;
  @IsOptional() @IsString() caseId: string | null;
  @IsOptional() @IsString() projectId: string | null;
  @IsOptional() @IsString() programmeId: string | null;
  @IsObject() payload: Record<string, unknown>;
  @IsObject() metadata: Record<string, unknown>;
  @IsString() previousHash: string;
  @IsString() hash: string;
  @IsString() signature: string;
  /** The registered key that signed it (absent or `legacy` only for events recorded before registered keys: the authenticity check refuses those). */
  @IsOptional() @IsString() @Length(1, 64) keyId?: string;
}

import { IsString, Length, Matches } from 'class-validator';
import { EventDefinition } from '../catalogue/event-catalogue';
import { IdRule } from './common';

/** A reaction to another event that the rules refused: the refusal is a fact of the trail, not a log line. */
export class ReactionRefusedV1 {
  /** The reaction policy (libs/domain/src/reactions), e.g. "open-joint-assessment". */
  @Matches(/^[a-z][a-z0-9-]{0,80}$/, { message: 'reaction must be a reaction policy name' }) reaction: string;
  @IsString() @Length(1, 200) causeEventId: string;
  @IsString() @Length(1, 200) causeType: string;
  /** The rule's code, as a refused command would answer it. */
  @Matches(/^[A-Z]+(\.[A-Z_]+)+$/, { message: 'code must be a rule code such as ITINERARY.CLOSED' }) code: string;
  @IsString() @Length(1, 2000) reason: string;
  @IdRule('caseId') caseId: string;
}

export const REACTION_EVENTS: EventDefinition[] = [
  {
    type: 'reaction.refused',
    version: 1,
    producer: 'any',
    aggregate: 'reaction',
    description: "A reaction to another institution's event (or the service's own) that the rules refused: which reaction, the causing event, the rule's code and reason.",
    payload: ReactionRefusedV1,
  },
];

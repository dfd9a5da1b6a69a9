import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID, PersonErasedV1 } from '@inclusion/contracts';
import { EventStore } from '@inclusion/event-store';
import { CommandBus } from '@nestjs/cqrs';
import { PERSON, PersonCommand } from '@inclusion/domain';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { RecordCommand } from '@inclusion/commands';

export class PersonParams {
  @ApiProperty({ example: 'p-0001', description: "the person's pseudonymous id" })
  @Matches(ID, { message: 'personId must be a pseudonymous id' })
  personId: string;
}

export class EraseBody extends OmitType(PersonErasedV1, ['personId'] as const) {}

/**
 * The right to erasure: the person's key is destroyed, so their identifying and sensitive
 * fields become unreadable in every store and replica; hashes and signatures still verify,
 * anonymous facts (gender, birth year, incidence groups) still count. The erasure is itself
 * an audited event.
 */
@ApiTags('persons')
@Controller('persons')
export class PersonsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly store: EventStore,
  ) {}

  @Post(':personId/erasure')
  @HttpCode(201)
  @ApiCommand(EraseBody, "Erase a person's personal data by destroying their key (coordinators of the institution that holds the person's data)")
  async erase(@Param() p: PersonParams, @Body() body: EraseBody, @Ctx() ctx: RequestContext) {
    const command: PersonCommand = { type: 'ErasePerson', data: { personId: p.personId, erasedOn: body.erasedOn, reason: body.reason } };
    return this.bus.execute(
      new RecordCommand(PERSON, p.personId, command, ctx, body, {
        knowledge: async (tx) => ({ holder: await this.store.personKeys.holderOf(p.personId, tx) }),
        // The key is destroyed in the same transaction as the erasure is recorded.
        recorded: async (tx) => void (await this.store.personKeys.erase(p.personId, tx)),
      }),
    );
  }
}

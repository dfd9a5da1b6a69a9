import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID, PersonErasedV1 } from '@inclusion/contracts';
import { EventStore } from '@inclusion/event-store';
import { assertMayErasePerson } from '@inclusion/domain';
import { ApiCommand, CommandRunner, Ctx, readerOf, RequestContext } from '@inclusion/platform';
import { OmitType } from '@nestjs/swagger';

export class PersonParams {
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
    private readonly commands: CommandRunner,
    private readonly store: EventStore,
  ) {}

  @Post(':personId/erasure')
  @HttpCode(201)
  @ApiCommand(EraseBody, "Erase a person's personal data by destroying their key (coordinators of the institution that holds the person's data)")
  async erase(@Param() p: PersonParams, @Body() body: EraseBody, @Ctx() ctx: RequestContext) {
    return this.commands.run({
      streamId: `person-${p.personId}`,
      context: ctx,
      body,
      initial: () => ({}),
      evolve: (state) => state,
      // Erasure is decided by the institution that holds the person's data (access-policy.ts).
      authorize: async (_, meta, tx) => assertMayErasePerson(readerOf(ctx), await this.store.personKeys.holderOf(p.personId, tx)),
      decide: async (_, meta, tx) => {
        await this.store.personKeys.erase(p.personId, tx);
        return [{ type: 'person.erased', data: { personId: p.personId, erasedOn: body.erasedOn, reason: body.reason } }];
      },
    });
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags, PickType } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Matches } from 'class-validator';
import { ID, MandateGrantedV1, MandateRevokedV1 } from '@inclusion/contracts';
import { MandateCommand, MANDATES } from '@inclusion/domain';
import { Ctx, INSTITUTION_REGISTRY, InstitutionRegistry, RequestContext, OpenToHostedPartners } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { RecordCommand } from '@inclusion/commands';
import { MandateKnowledge } from './mandate-knowledge';

export class MandateParams {
  @ApiProperty({ example: 'mandato-sad-2026' })
  @Matches(ID, { message: 'mandateId must be an id' })
  mandateId: string;
}

export class RevokeMandateBody extends PickType(MandateRevokedV1, ['revokedOn', 'reason'] as const) {}

/**
 * Mandates (servizi in delega): an institution's coordinator grants another institution a dated
 * mandate to act on its behalf, and may revoke it; recorded in the grantor's own log at its own
 * service. Every command sent with X-On-Behalf-Of is checked against them (403 MANDATE.* when
 * none is in force). The rules: libs/domain/src/mandate/mandate.ts.
 */
@ApiTags('mandates')
@OpenToHostedPartners()
@Controller('mandates')
export class MandatesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly mandates: MandateKnowledge,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  private run(command: MandateCommand, ctx: RequestContext, body: unknown) {
    return this.bus.execute(
      new RecordCommand(MANDATES, ctx.institutionId, command, ctx, body, {
        knowledge: async () => ({ agentKnown: command.type === 'GrantMandate' && this.registry.get(command.data.agentInstitutionId) !== undefined }),
      }),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(MandateGrantedV1, "Grant another institution a dated mandate to act on this institution's behalf (a coordinator of the grantor)")
  grant(@Body() body: MandateGrantedV1, @Ctx() ctx: RequestContext) {
    return this.run({ type: 'GrantMandate', data: body }, ctx, body);
  }

  @Post(':mandateId/revocations')
  @HttpCode(201)
  @ApiCommand(RevokeMandateBody, 'Revoke a mandate this institution granted, from a date, with a reason (a coordinator of the grantor)')
  revoke(@Param() p: MandateParams, @Body() body: RevokeMandateBody, @Ctx() ctx: RequestContext) {
    return this.run({ type: 'RevokeMandate', data: { mandateId: p.mandateId, ...body } }, ctx, body);
  }

  @Get()
  @ApiOperation({ summary: "The mandates this institution granted and those it received, known here, with their status today (in-force, not-yet, expired, revoked)" })
  list(@Ctx() ctx: RequestContext) {
    return this.mandates.of(ctx.institutionId, new Date().toISOString().slice(0, 10));
  }
}

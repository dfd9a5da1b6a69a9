import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandBus } from '@nestjs/cqrs';
import { ID, ReferralAcceptanceBody, ReferralDeclineBody, ReferralSentV1 } from '@inclusion/contracts';
import { assertMaySeeReferral, REFERRAL, ReferralCommand } from '@inclusion/domain';
import { AccessLog, Ctx, INSTITUTION_REGISTRY, InstitutionRegistry, readerOf, RequestContext, OpenToHostedPartners } from '@inclusion/access';
import { RecordCommand } from '@inclusion/commands';
import { ApiCommand } from '@inclusion/service-shell';
import { CaseKnowledge } from '../knowledge/case-knowledge';
import { ReferralKnowledge } from './referral-knowledge';

export class ReferralParams {
  @ApiProperty({ example: 'ref-0001' })
  @Matches(ID, { message: 'referralId must be an id' })
  referralId: string;
}

/**
 * Referrals to social services (PACT, docs/pact.md): any institution refers a person at its own
 * service; the social-services institution named accepts it on a case it owns or declines it
 * with a reason, at its own; the referring institution sees the answer when it arrives through
 * Kafka. The rules: REFERRAL in libs/domain/src/aggregates/aggregates.ts.
 */
@ApiTags('PACT proactive detection')
@OpenToHostedPartners()
@Controller('referrals')
export class ReferralsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly referrals: ReferralKnowledge,
    private readonly cases: CaseKnowledge,
    private readonly accessLog: AccessLog,
    @Inject(INSTITUTION_REGISTRY) private readonly registry: InstitutionRegistry,
  ) {}

  private run(referralId: string, command: ReferralCommand, ctx: RequestContext, body: unknown) {
    return this.bus.execute(
      new RecordCommand(REFERRAL, referralId, command, ctx, body, {
        knowledge: async (tx) => ({
          referral: await this.referrals.view(referralId, tx),
          addresseeKind: command.type === 'SendReferral' ? this.registry.get(command.data.toInstitution)?.kind : undefined,
          caseView: command.type === 'AcceptReferral' ? await this.cases.view(command.data.caseId, tx) : null,
        }),
      }),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(ReferralSentV1, 'Refer a person to social services (derivación): signals, urgency and the situation observed (encrypted with the person key)')
  send(@Body() body: ReferralSentV1, @Ctx() ctx: RequestContext) {
    return this.run(body.referralId, { type: 'SendReferral', data: body }, ctx, body);
  }

  @Post(':referralId/acceptance')
  @HttpCode(201)
  @ApiCommand(ReferralAcceptanceBody, 'Accept a referral on a case this social-services institution owns (opened for it or already open)')
  accept(@Param() p: ReferralParams, @Body() body: ReferralAcceptanceBody, @Ctx() ctx: RequestContext) {
    return this.run(p.referralId, { type: 'AcceptReferral', data: body }, ctx, body);
  }

  @Post(':referralId/decline')
  @HttpCode(201)
  @ApiCommand(ReferralDeclineBody, 'Decline a referral, with a reason')
  decline(@Param() p: ReferralParams, @Body() body: ReferralDeclineBody, @Ctx() ctx: RequestContext) {
    return this.run(p.referralId, { type: 'DeclineReferral', data: body }, ctx, body);
  }

  @Get(':referralId')
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'why the referral is read (logged)' })
  @ApiOperation({ summary: 'A referral as this service knows it, with its answer: for the referring institution and the one it names' })
  read(@Param() p: ReferralParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    return this.accessLog.read(ctx, headers, { resource: 'referral', resourceId: p.referralId }, async () => {
      const referral = await this.referrals.view(p.referralId);
      assertMaySeeReferral(readerOf(ctx), referral);
      return referral;
    });
  }
}

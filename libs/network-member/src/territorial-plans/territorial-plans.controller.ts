import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags, PickType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  ConsultationClosedV1, ConsultationMeetingHeldV1, HoldFollowUpReviewInput, ID, PlanActionProgrammedV1, PlanAnnualPlanAdoptedV1, PlanContextRecordedV1,
  PlanContributionAnsweredV1, PlanFindingRecordedV1, PlanLineAdoptedV1, PlanObjectiveSetV1, PlanPartnerAddedV1, PlanPhaseStartedV1, PlanTargetSetV1,
  PlanTechnicalTableLinkedV1, PublishDraftInput, ScorePrioritiesInput, TerritorialPlanCreatedV1,
  PlanActionCompletedV1, PlanAgreementProposedV1, SignPlanAgreementInput, RecordApprovalVoteInput, PlanCoordinatorAppointedV1, PlanOfficeStaffJoinedV1,
  PlanOfficeStaffLeftV1, PlanGroupFormedV1, PlanGroupMemberJoinedV1, PlanGroupMemberLeftV1,
} from '@inclusion/contracts';
import { CommandBus } from '@nestjs/cqrs';
import { assertMaySeePlan, missingSignatures, PlanCommand, PlanState, TERRITORIAL_PLAN } from '@inclusion/domain';
import { Ctx, readerOf, RequestContext, OpenToHostedPartners } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { RecordCommand } from '@inclusion/commands';
import { TableKnowledge } from '../tables/table-knowledge';
import { PlanKnowledge } from './plan-knowledge';

export class CreatePlanBody extends TerritorialPlanCreatedV1 {
  @ApiProperty({ example: 'plis-toledo-2026' })
  @Matches(ID, { message: 'planId must be an id' })
  planId: string;
}

export class PlanParams {
  @ApiProperty({ example: 'plis-toledo-2026' })
  @Matches(ID, { message: 'planId must be an id' })
  planId: string;
}

export class CloseConsultationBody extends PickType(ConsultationClosedV1, ['closedOn'] as const) {}

/** A plan as its lead, partners and the delegation's staff read it (contributors' personal data never shown here). */
export function planView(planId: string, plan: PlanState) {
  const current = plan.drafts[plan.drafts.length - 1];
  return {
    planId,
    name: plan.name,
    lead: plan.lead,
    programmeId: plan.programmeId,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    partners: plan.partners,
    phase: plan.phase,
    phases: plan.phases,
    diagnosis: { context: plan.context, findings: Object.entries(plan.findings).map(([findingId, f]) => ({ findingId, ...f })) },
    participation: {
      consultationMeetings: Object.entries(plan.consultationMeetings).map(([meetingId, m]) => ({ meetingId, ...m })),
      drafts: plan.drafts,
      currentDraft: current ? { draftVersion: current.draftVersion, open: !current.closedOn } : null,
      contributions: Object.entries(plan.contributions).map(([contributionId, c]) => ({ contributionId, ...c })),
    },
    technicalTable: plan.technicalTable ?? null,
    lines: plan.lines.map((line) => ({ line, objectives: Object.entries(plan.objectives).filter(([, o]) => o.line === line).map(([objectiveId, o]) => ({ objectiveId, ...o })) })),
    priorities: plan.scorings[plan.scorings.length - 1] ?? null,
    scorings: plan.scorings.length,
    targets: Object.entries(plan.targets).map(([targetId, t]) => ({ targetId, ...t })),
    annualPlans: Object.entries(plan.annualPlans).map(([year, a]) => ({ year: Number(year), ...a })),
    actions: Object.entries(plan.actions).map(([actionId, a]) => ({ actionId, ...a })),
    reviews: Object.entries(plan.reviews).map(([reviewId, r]) => ({ reviewId, ...r })),
    decisions: Object.entries(plan.decisions).map(([decisionId, d]) => ({ decisionId, ...d })),
    approval: {
      agreement: plan.agreement ?? null,
      signatures: Object.entries(plan.signatures).map(([institutionId, x]) => ({ institutionId, ...x })),
      missingSignatures: missingSignatures(plan),
      votes: plan.approvalVotes,
      approvedOn: plan.approvedOn ?? null,
    },
    office: {
      coordinator: plan.coordinator ?? null,
      staff: Object.entries(plan.staff).map(([userId, x]) => ({ userId, ...x })),
      groups: Object.entries(plan.groups).map(([groupId, g]) => ({ groupId, ...g })),
    },
  };
}

/**
 * Territorial plans (Plan Local de Integración Social, Piano di Zona): every service keeps them.
 * The lead records the plan at its own service; each partner records the findings it
 * contributes at its own. The rules: TERRITORIAL_PLAN in libs/domain/src/aggregates/aggregates.ts
 * (decider libs/domain/src/territorial-plan/territorial-plan.ts); docs/territorial-plans.md.
 */
@ApiTags('territorial plans')
@OpenToHostedPartners()
@Controller('territorial-plans')
export class TerritorialPlansController {
  constructor(
    private readonly bus: CommandBus,
    private readonly plans: PlanKnowledge,
    private readonly tables: TableKnowledge,
  ) {}

  private run(planId: string, command: PlanCommand, ctx: RequestContext, body: unknown) {
    return this.bus.execute(
      new RecordCommand(TERRITORIAL_PLAN, planId, command, ctx, body, {
        knowledge: async (tx) => ({
          planId,
          plan: await this.plans.view(planId, tx),
          table: command.type === 'LinkTechnicalTable' ? await this.tables.view(command.data.tableId, tx) : null,
          actorKind: ctx.institutionKind,
        }),
      }),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(CreatePlanBody, 'Create a territorial plan led by your institution: territory, programme, triennial period, partners (phase 0 starts)')
  create(@Body() body: CreatePlanBody, @Ctx() ctx: RequestContext) {
    const { planId, ...data } = body;
    return this.run(planId, { type: 'CreatePlan', data }, ctx, body);
  }

  @Post(':planId/partners')
  @HttpCode(201)
  @ApiCommand(PlanPartnerAddedV1, 'Add a partner institution (the lead only)')
  addPartner(@Param() p: PlanParams, @Body() body: PlanPartnerAddedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'AddPartner', data: body }, ctx, body);
  }

  @Post(':planId/phases')
  @HttpCode(201)
  @ApiCommand(PlanPhaseStartedV1, 'Start the next phase (0 prior knowledge, 1 participation, 2 technical table, 3 programmed development and evaluation, 4 follow-up commission)')
  startPhase(@Param() p: PlanParams, @Body() body: PlanPhaseStartedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'StartPhase', data: body }, ctx, body);
  }

  @Post(':planId/context')
  @HttpCode(201)
  @ApiCommand(PlanContextRecordedV1, 'Phase 0: context figures of the territory (the lead or a partner, at its own service)')
  context(@Param() p: PlanParams, @Body() body: PlanContextRecordedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'RecordContext', data: body }, ctx, body);
  }

  @Post(':planId/findings')
  @HttpCode(201)
  @ApiCommand(PlanFindingRecordedV1, 'Phase 0: a finding of the shared diagnosis, recorded by the institution that contributes it (the lead or a partner, at its own service)')
  finding(@Param() p: PlanParams, @Body() body: PlanFindingRecordedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'RecordFinding', data: body }, ctx, body);
  }

  @Post(':planId/consultation-meetings')
  @HttpCode(201)
  @ApiCommand(ConsultationMeetingHeldV1, 'Phase 1: a consultation meeting with the territory\'s actors')
  consultationMeeting(@Param() p: PlanParams, @Body() body: ConsultationMeetingHeldV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'HoldConsultationMeeting', data: body }, ctx, body);
  }

  @Post(':planId/drafts')
  @HttpCode(201)
  @ApiCommand(PublishDraftInput, 'Phase 1: publish the next draft for contributions (public page), naming the accepted contributions it takes in')
  publishDraft(@Param() p: PlanParams, @Body() body: PublishDraftInput, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'PublishDraft', data: body }, ctx, body);
  }

  @Post(':planId/contribution-answers')
  @HttpCode(201)
  @ApiCommand(PlanContributionAnsweredV1, 'Phase 1: the plan office answers a contribution (accepted, partially accepted, rejected, noted)')
  answer(@Param() p: PlanParams, @Body() body: PlanContributionAnsweredV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'AnswerContribution', data: body }, ctx, body);
  }

  @Post(':planId/consultation-closure')
  @HttpCode(201)
  @ApiCommand(CloseConsultationBody, 'Phase 1: close the open draft to contributions')
  closeConsultation(@Param() p: PlanParams, @Body() body: CloseConsultationBody, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'CloseConsultation', data: body }, ctx, body);
  }

  @Post(':planId/technical-table')
  @HttpCode(201)
  @ApiCommand(PlanTechnicalTableLinkedV1, 'Phase 2: link the plan\'s technical table (a programme-level table of the plan or its programme, the lead a member) and its functions')
  linkTable(@Param() p: PlanParams, @Body() body: PlanTechnicalTableLinkedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'LinkTechnicalTable', data: body }, ctx, body);
  }

  @Post(':planId/lines')
  @HttpCode(201)
  @ApiCommand(PlanLineAdoptedV1, 'Adopt a line of intervention (the six Toledo lines)')
  line(@Param() p: PlanParams, @Body() body: PlanLineAdoptedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'AdoptLine', data: body }, ctx, body);
  }

  @Post(':planId/objectives')
  @HttpCode(201)
  @ApiCommand(PlanObjectiveSetV1, 'Set a general or specific objective of an adopted line')
  objective(@Param() p: PlanParams, @Body() body: PlanObjectiveSetV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'SetObjective', data: body }, ctx, body);
  }

  @Post(':planId/priority-scorings')
  @HttpCode(201)
  @ApiCommand(ScorePrioritiesInput, 'Score objectives by demographic weight, severity and likelihood (1-5 each); recorded ranked, as a new scoring version')
  score(@Param() p: PlanParams, @Body() body: ScorePrioritiesInput, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'ScorePriorities', data: body }, ctx, body);
  }

  @Post(':planId/targets')
  @HttpCode(201)
  @ApiCommand(PlanTargetSetV1, 'Set a measurable target of an objective, measured by an indicator the cases produce')
  target(@Param() p: PlanParams, @Body() body: PlanTargetSetV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'SetTarget', data: body }, ctx, body);
  }

  @Post(':planId/annual-plans')
  @HttpCode(201)
  @ApiCommand(PlanAnnualPlanAdoptedV1, 'Adopt the annual implementation plan of a year of the triennial plan, with the review decisions it carries')
  annualPlan(@Param() p: PlanParams, @Body() body: PlanAnnualPlanAdoptedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'AdoptAnnualPlan', data: body }, ctx, body);
  }

  @Post(':planId/actions')
  @HttpCode(201)
  @ApiCommand(PlanActionProgrammedV1, 'Programme a project or action of an annual plan, tied to a line and its objectives, owned by the lead or a partner')
  action(@Param() p: PlanParams, @Body() body: PlanActionProgrammedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'ProgrammeAction', data: body }, ctx, body);
  }

  @Post(':planId/follow-up-reviews')
  @HttpCode(201)
  @ApiCommand(HoldFollowUpReviewInput, 'Phase 4: a review of the follow-up commission: every target against its actual, and the decisions')
  review(@Param() p: PlanParams, @Body() body: HoldFollowUpReviewInput, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'HoldFollowUpReview', data: body }, ctx, body);
  }

  @Post(':planId/completed-actions')
  @HttpCode(201)
  @ApiCommand(PlanActionCompletedV1, "Complete an action of the plan: its owner at its own service, or the lead")
  completeAction(@Param() p: PlanParams, @Body() body: PlanActionCompletedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'CompletePlanAction', data: body }, ctx, body);
  }

  @Post(':planId/agreement')
  @HttpCode(201)
  @ApiCommand(PlanAgreementProposedV1, 'Propose the multi-year agreement (convenio plurianual, Accordo di programma) naming the partners that must sign it (the lead only; phases 2-3)')
  proposeAgreement(@Param() p: PlanParams, @Body() body: PlanAgreementProposedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'ProposePlanAgreement', data: body }, ctx, body);
  }

  @Post(':planId/agreement-signatures')
  @HttpCode(201)
  @ApiCommand(SignPlanAgreementInput, "Sign the plan's agreement as your institution, at your own service (the lead or a signatory it names)")
  signAgreement(@Param() p: PlanParams, @Body() body: SignPlanAgreementInput, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'SignPlanAgreement', data: body }, ctx, body);
  }

  @Post(':planId/approval-votes')
  @HttpCode(201)
  @ApiCommand(RecordApprovalVoteInput, "Record the mayors' body's decision on the plan with each municipality's vote (the lead only; every required signature first)")
  approvalVote(@Param() p: PlanParams, @Body() body: RecordApprovalVoteInput, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'RecordApprovalVote', data: body }, ctx, body);
  }

  @Post(':planId/coordinator')
  @HttpCode(201)
  @ApiCommand(PlanCoordinatorAppointedV1, "Appoint the plan office's coordinator, from the lead or a partner")
  coordinator(@Param() p: PlanParams, @Body() body: PlanCoordinatorAppointedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'AppointCoordinator', data: body }, ctx, body);
  }

  @Post(':planId/office-staff')
  @HttpCode(201)
  @ApiCommand(PlanOfficeStaffJoinedV1, "A member joins the plan office's staff (from a local body, health, the third sector or a school of the plan's institutions)")
  joinStaff(@Param() p: PlanParams, @Body() body: PlanOfficeStaffJoinedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'JoinOfficeStaff', data: body }, ctx, body);
  }

  @Post(':planId/office-staff-departures')
  @HttpCode(201)
  @ApiCommand(PlanOfficeStaffLeftV1, "A member leaves the plan office's staff")
  leaveStaff(@Param() p: PlanParams, @Body() body: PlanOfficeStaffLeftV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'LeaveOfficeStaff', data: body }, ctx, body);
  }

  @Post(':planId/groups')
  @HttpCode(201)
  @ApiCommand(PlanGroupFormedV1, 'Form a multidisciplinary working group or a consultation table of the plan')
  formGroup(@Param() p: PlanParams, @Body() body: PlanGroupFormedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'FormGroup', data: body }, ctx, body);
  }

  @Post(':planId/group-members')
  @HttpCode(201)
  @ApiCommand(PlanGroupMemberJoinedV1, 'An institution of the plan joins a working group or consultation table')
  joinGroup(@Param() p: PlanParams, @Body() body: PlanGroupMemberJoinedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'JoinGroup', data: body }, ctx, body);
  }

  @Post(':planId/group-departures')
  @HttpCode(201)
  @ApiCommand(PlanGroupMemberLeftV1, 'An institution leaves a working group or consultation table')
  leaveGroup(@Param() p: PlanParams, @Body() body: PlanGroupMemberLeftV1, @Ctx() ctx: RequestContext) {
    return this.run(p.planId, { type: 'LeaveGroup', data: body }, ctx, body);
  }

  @Get(':planId')
  @ApiOperation({ summary: 'A plan as every institution recorded it: phase and history, diagnosis, participation, technical table, lines and objectives, priorities, targets, annual plans, actions, reviews (lead, partners, delegation staff)' })
  async state(@Param() p: PlanParams, @Ctx() ctx: RequestContext) {
    const plan = await this.plans.view(p.planId);
    assertMaySeePlan(readerOf(ctx), plan);
    return { ...planView(p.planId, plan), version: await this.plans.version(p.planId) };
  }
}

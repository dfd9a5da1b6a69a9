import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Matches } from 'class-validator';
import {
  EmploymentPlanOpenedV1, ID, PersonSelectedV1, PlanContractEndedV1, PlanContractSignedV1, PlanFinalEvaluationRecordedV1, PlanIncidentReportedV1, PlanJobAdaptedV1,
  PreparatoryMeetingHeldV1, StartAssemblyHeldV1, TutorFollowUpHeldV1,
} from '@inclusion/contracts';
import {
  assertMaySeeCase, assertPlanEmployer, EMPLOYMENT_PLAN, EmploymentPlanCommand, EmploymentPlanState, PLAN_CONTRACT, PlanContractCommand, PlanContractState,
} from '@inclusion/domain';
import { CaseKnowledge, CaseRecorder } from '@inclusion/network-member';
import { AccessLog, Ctx, readerOf, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { StreamStateQuery } from '@inclusion/commands';

export class OpenEmploymentPlanBody extends EmploymentPlanOpenedV1 {
  @ApiProperty({ example: 'plan-empleo-2026' })
  @Matches(ID, { message: 'planId must be an id' })
  planId: string;
}

export class SignPlanContractBody extends PlanContractSignedV1 {
  @ApiProperty({ example: 'case-0001' })
  @Matches(ID, { message: 'caseId must be an id' })
  caseId: string;
}

export class PlanParams {
  @ApiProperty({ example: 'plan-empleo-2026' })
  @Matches(ID, { message: 'planId must be an id' })
  planId: string;
}

export class ContractParams {
  @ApiProperty({ example: 'pc-0001' })
  @Matches(ID, { message: 'contractId must be an id' })
  contractId: string;
}

/**
 * The municipal Plan de Empleo at its employer, the municipal employment service (Servicio
 * municipal de Empleo y Promoción Económica), whose registry entry this service hosts
 * (docs/employment-plan.md): the plan (stream employment-plan-<planId>) and each person's
 * contract with a tutor (stream plan-contract-<contractId>).
 */
@ApiTags('employment plan (Plan de Empleo)')
@Controller()
export class EmploymentPlanController {
  constructor(
    private readonly recorder: CaseRecorder,
    private readonly cases: CaseKnowledge,
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  private onPlan(planId: string, command: EmploymentPlanCommand, ctx: RequestContext, body: unknown) {
    const caseOf = () => (command.type === 'SelectPerson' ? command.data.caseId : undefined);
    return this.recorder.record(EMPLOYMENT_PLAN, planId, caseOf, command, ctx, body);
  }

  private onContract(contractId: string, command: PlanContractCommand, ctx: RequestContext, body: unknown) {
    const caseOf = (state: PlanContractState) => (command.type === 'SignPlanContract' ? command.caseId : state.caseId);
    return this.recorder.record(PLAN_CONTRACT, contractId, caseOf, command, ctx, body);
  }

  @Post('employment-plans')
  @HttpCode(201)
  @ApiCommand(OpenEmploymentPlanBody, 'Open a Plan de Empleo this institution hires for (period, parties, positions)')
  open(@Body() body: OpenEmploymentPlanBody, @Ctx() ctx: RequestContext) {
    const { planId, ...data } = body;
    return this.onPlan(planId, { type: 'OpenEmploymentPlan', data }, ctx, body);
  }

  @Post('employment-plans/:planId/preparatory-meetings')
  @HttpCode(201)
  @ApiCommand(PreparatoryMeetingHeldV1, 'Record a preparatory meeting before the contracts (reuniones preparatorias)')
  prepare(@Param() p: PlanParams, @Body() body: PreparatoryMeetingHeldV1, @Ctx() ctx: RequestContext) {
    return this.onPlan(p.planId, { type: 'HoldPreparatoryMeeting', data: body }, ctx, body);
  }

  @Post('employment-plans/:planId/selections')
  @HttpCode(201)
  @ApiCommand(PersonSelectedV1, 'Select a person social services proposed for the plan')
  select(@Param() p: PlanParams, @Body() body: PersonSelectedV1, @Ctx() ctx: RequestContext) {
    return this.onPlan(p.planId, { type: 'SelectPerson', data: body }, ctx, body);
  }

  @Post('employment-plans/:planId/start-assemblies')
  @HttpCode(201)
  @ApiCommand(StartAssemblyHeldV1, 'Record the joint start assembly with the selected people who attended (asamblea conjunta)')
  assembly(@Param() p: PlanParams, @Body() body: StartAssemblyHeldV1, @Ctx() ctx: RequestContext) {
    return this.onPlan(p.planId, { type: 'HoldStartAssembly', data: body }, ctx, body);
  }

  @Get('employment-plans/:planId')
  @ApiOperation({ summary: "A Plan de Empleo as its employer recorded it (the employer's own)" })
  async plan(@Param() p: PlanParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    const { state, version } = await this.queries.execute(new StreamStateQuery(EMPLOYMENT_PLAN, p.planId));
    return this.accessLog.read(ctx, headers, { resource: 'employment-plan', resourceId: p.planId, caseId: null }, async () => {
      assertPlanEmployer(ctx.institutionId, state as EmploymentPlanState);
      return { planId: p.planId, version, state };
    });
  }

  @Post('plan-contracts')
  @HttpCode(201)
  @ApiCommand(SignPlanContractBody, 'Hire a selected person on a temporary contract with a tutor (no accreditation nor insertion agreement)')
  sign(@Body() body: SignPlanContractBody, @Ctx() ctx: RequestContext) {
    const { caseId, ...data } = body;
    return this.onContract(body.contractId, { type: 'SignPlanContract', data, caseId }, ctx, body);
  }

  @Post('plan-contracts/:contractId/tutor-follow-ups')
  @HttpCode(201)
  @ApiCommand(TutorFollowUpHeldV1, "Record a tutor's follow-up meeting and continuous-evaluation scores")
  followUp(@Param() p: ContractParams, @Body() body: TutorFollowUpHeldV1, @Ctx() ctx: RequestContext) {
    return this.onContract(p.contractId, { type: 'HoldTutorFollowUp', data: body }, ctx, body);
  }

  @Post('plan-contracts/:contractId/incidents')
  @HttpCode(201)
  @ApiCommand(PlanIncidentReportedV1, "Report an incident; it reaches the case's reference technician")
  incident(@Param() p: ContractParams, @Body() body: PlanIncidentReportedV1, @Ctx() ctx: RequestContext) {
    return this.onContract(p.contractId, { type: 'ReportPlanIncident', data: body }, ctx, body);
  }

  @Post('plan-contracts/:contractId/job-adaptations')
  @HttpCode(201)
  @ApiCommand(PlanJobAdaptedV1, 'Apply a job adaptation social services agreed, linked to its incident (cambio de tajo)')
  adapt(@Param() p: ContractParams, @Body() body: PlanJobAdaptedV1, @Ctx() ctx: RequestContext) {
    return this.onContract(p.contractId, { type: 'AdaptPlanJob', data: body }, ctx, body);
  }

  @Post('plan-contracts/:contractId/contract-end')
  @HttpCode(201)
  @ApiCommand(PlanContractEndedV1, 'End the contract; it opens the joint assessment at the employment office')
  end(@Param() p: ContractParams, @Body() body: PlanContractEndedV1, @Ctx() ctx: RequestContext) {
    return this.onContract(p.contractId, { type: 'EndPlanContract', data: body }, ctx, body);
  }

  @Post('plan-contracts/:contractId/final-evaluation')
  @HttpCode(201)
  @ApiCommand(PlanFinalEvaluationRecordedV1, 'Record the final evaluation with the tutor; it is passed to the reference technician')
  evaluate(@Param() p: ContractParams, @Body() body: PlanFinalEvaluationRecordedV1, @Ctx() ctx: RequestContext) {
    return this.onContract(p.contractId, { type: 'RecordPlanFinalEvaluation', data: body }, ctx, body);
  }

  @Get('plan-contracts/:contractId')
  @ApiOperation({ summary: "A Plan de Empleo contract's state (its employer's)" })
  async contract(@Param() p: ContractParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    const { state, version } = await this.queries.execute(new StreamStateQuery(PLAN_CONTRACT, p.contractId));
    const contract = state as PlanContractState;
    const caseId = contract.employer === ctx.institutionId ? (contract.caseId ?? null) : null;
    return this.accessLog.read(ctx, headers, { resource: 'plan-contract', resourceId: p.contractId, caseId }, async (purpose) => {
      assertPlanEmployer(ctx.institutionId, contract);
      assertMaySeeCase(readerOf(ctx), await this.cases.view(contract.caseId!), purpose);
      return { contractId: p.contractId, caseId: contract.caseId, version, state };
    });
  }
}

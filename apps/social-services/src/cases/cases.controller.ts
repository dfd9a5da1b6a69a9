import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  ConsentV1,
  AcceptStepChangeBody, CaseClosedV1, PersonSignatureBody, SocialServicesSignatureBody, StepChangeRefusedV1, DiagnosisRecordedV1, ExclusionAccreditedV1, IncidentAcknowledgedV1, IncidentResolvedV1, ItineraryClosedV1,
  ItineraryDesignedV1, ItineraryReorientedV1, ReferenceTechnicianAssignedV1,
} from '@inclusion/contracts';
import { CaseParams } from '@inclusion/network-member';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { CaseCommands } from './case-commands';
import { OpenCaseBody } from './open-case.body';

/** Social services' commands on a case. Each returns the resulting events and the new version. */
@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @HttpCode(201)
  @ApiCommand(OpenCaseBody, 'Open a case for a person (apertura de expediente); one open case per person and municipality')
  open(@Body() body: OpenCaseBody, @Ctx() ctx: RequestContext) {
    const { caseId, ...data } = body;
    return this.cases.run(caseId, { type: 'OpenCase', data }, ctx, body);
  }

  @Post(':caseId/diagnosis')
  @HttpCode(201)
  @ApiCommand(DiagnosisRecordedV1, 'Record the multidimensional diagnosis (diagnóstico multidimensional)')
  diagnose(@Param() p: CaseParams, @Body() body: DiagnosisRecordedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'RecordDiagnosis', data: body }, ctx, body);
  }

  @Post(':caseId/accreditation')
  @HttpCode(201)
  @ApiCommand(ExclusionAccreditedV1, 'Accredit the situation of social exclusion, with validity dates')
  accredit(@Param() p: CaseParams, @Body() body: ExclusionAccreditedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AccreditExclusion', data: body }, ctx, body);
  }

  @Post(':caseId/reference-technician')
  @HttpCode(201)
  @ApiCommand(ReferenceTechnicianAssignedV1, 'Assign or change the reference technician (técnico/a de referencia)')
  assign(@Param() p: CaseParams, @Body() body: ReferenceTechnicianAssignedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AssignReferenceTechnician', data: body }, ctx, body);
  }

  @Post(':caseId/itinerary')
  @HttpCode(201)
  @ApiCommand(ItineraryDesignedV1, 'Design the individual insertion itinerary: ordered steps with responsible institutions and dates')
  design(@Param() p: CaseParams, @Body() body: ItineraryDesignedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'DesignItinerary', data: body }, ctx, body);
  }

  @Post(':caseId/itinerary/reorientation')
  @HttpCode(201)
  @ApiCommand(ItineraryReorientedV1, 'Reorient the itinerary: steps not yet started are replaced')
  reorient(@Param() p: CaseParams, @Body() body: ItineraryReorientedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'ReorientItinerary', data: body }, ctx, body);
  }

  @Post(':caseId/itinerary/closure')
  @HttpCode(201)
  @ApiCommand(ItineraryClosedV1, 'Close the itinerary (it accepts no new steps)')
  closeItinerary(@Param() p: CaseParams, @Body() body: ItineraryClosedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'CloseItinerary', data: body }, ctx, body);
  }

  @Post(':caseId/agreement-signatures')
  @HttpCode(201)
  @ApiCommand(
    SocialServicesSignatureBody,
    "Sign the insertion agreement for social services (acuerdo de inserción), naming the company: the company signs at its own service, the person's signature is recorded at /agreement-signatures/person",
  )
  sign(@Param() p: CaseParams, @Body() body: SocialServicesSignatureBody, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'SignAgreement', data: body }, ctx, body);
  }

  @Post(':caseId/agreement-signatures/person')
  @HttpCode(201)
  @ApiCommand(PersonSignatureBody, "Record the person's signature of the insertion agreement with its evidence: the signed document's reference and SHA-256, the method, the witness")
  signForPerson(@Param() p: CaseParams, @Body() body: PersonSignatureBody, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'RecordPersonSignature', data: body }, ctx, body);
  }

  @Post(':caseId/itinerary/step-change-acceptances')
  @HttpCode(201)
  @ApiCommand(AcceptStepChangeBody, "Accept the change a step's responsible institution proposed (diseño conjunto de itinerarios): the step changes as proposed")
  acceptStepChange(@Param() p: CaseParams, @Body() body: AcceptStepChangeBody, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AcceptStepChange', data: body }, ctx, body);
  }

  @Post(':caseId/itinerary/step-change-refusals')
  @HttpCode(201)
  @ApiCommand(StepChangeRefusedV1, 'Keep the step as it was: refuse the proposed change, with a reason')
  refuseStepChange(@Param() p: CaseParams, @Body() body: StepChangeRefusedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'RefuseStepChange', data: body }, ctx, body);
  }

  @Post(':caseId/incident-acknowledgements')
  @HttpCode(201)
  @ApiCommand(IncidentAcknowledgedV1, 'Acknowledge an incident a company reported')
  acknowledge(@Param() p: CaseParams, @Body() body: IncidentAcknowledgedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'AcknowledgeIncident', data: body }, ctx, body);
  }

  @Post(':caseId/incident-resolutions')
  @HttpCode(201)
  @ApiCommand(IncidentResolvedV1, 'Resolve an acknowledged incident')
  resolve(@Param() p: CaseParams, @Body() body: IncidentResolvedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'ResolveIncident', data: body }, ctx, body);
  }

  @Post(':caseId/consents')
  @HttpCode(201)
  @ApiCommand(ConsentV1, "Record the person's consent to share their case with an institution for a purpose")
  consent(@Param() p: CaseParams, @Body() body: ConsentV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'GiveConsent', data: body }, ctx, body);
  }

  @Post(':caseId/consent-withdrawals')
  @HttpCode(201)
  @ApiCommand(ConsentV1, 'Record the withdrawal of a consent: the institution stops seeing the case for that purpose')
  withdraw(@Param() p: CaseParams, @Body() body: ConsentV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'WithdrawConsent', data: body }, ctx, body);
  }

  @Post(':caseId/closure')
  @HttpCode(201)
  @ApiCommand(CaseClosedV1, 'Close the case with an outcome')
  close(@Param() p: CaseParams, @Body() body: CaseClosedV1, @Ctx() ctx: RequestContext) {
    return this.cases.run(p.caseId, { type: 'CloseCase', data: body }, ctx, body);
  }
}

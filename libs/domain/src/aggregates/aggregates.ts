import { assertMayLeadPlan, assertPlanActionOwner, assertPlanContributor, assertPlanLead } from '../access/access-policy';
import { decidePlan, evolvePlan, initialPlan, PlanCommand, PlanKnowledgeInput, PlanState } from '../territorial-plan/territorial-plan';
import {
  assertMayConveneCaseTable, assertMayErasePerson, assertMayHoldPerson, assertMayRecordOnCase, assertOwnProgramme, assertPlacementCompany, assertTableMember, assertTakesPart,
} from '../access/access-policy';
import { CaseCommand, StepCommand } from '../case/case.commands';
import { AgreementSignatureCommand, decideCompanySignature } from '../agreement/agreement';
import { decideCase, decideStep } from '../case/case.decide';
import { CaseView, evolveCase, initialCaseView } from '../case/case-view';
import { decideEmployment, EmploymentCommand, EmploymentState, evolveEmployment, initialEmployment } from '../employment/employment';
import { decidePlacement, evolvePlacement, initialPlacement, PlacementCommand, PlacementState } from '../placement/placement';
import { decideProgramme, evolveProgramme, initialProgramme, ProgrammeCommand, ProgrammeState } from '../programme/programme';
import { Aggregate } from '../shared/aggregate';
import { event } from '../shared/decider';
import { perService } from '../shared/stream-ids';
import { decideTable, evolveTable, initialTable, TableCommand, TableState } from '../table/table';
import {
  decideEmploymentPlan, decidePlanContract, EmploymentPlanCommand, EmploymentPlanState, evolveEmploymentPlan, evolvePlanContract, initialEmploymentPlan,
  initialPlanContract, PlanContractCommand, PlanContractState,
} from '../employment-plan/employment-plan';
import { decideMandate, evolveMandates, initialMandates, MandateCommand, MandateKnowledgeInput, MandatesState, mandatesStream } from '../mandate/mandate';
import { forbidden } from '../shared/domain-error';
import { RiskInputs } from '../pact/chronification-risk';
import { decideReferral, evolveReferral, initialReferral, ReferralCommand, ReferralKnowledgeInput, ReferralState } from '../pact/referral';
import { assertHouseholdOwner, assertPlanEmployer, assertReferralAddressee } from '../access/access-policy';
import { decideHousehold, evolveHousehold, HouseholdCommand, householdConcerns, HouseholdState, initialHousehold } from '../household/household';

/**
 * Every aggregate of the network as one decider object each (libs/domain/src/shared/aggregate.ts):
 * the stream, the fold, the access rule, the decision and what the events concern. Services
 * only read the knowledge an aggregate declares and dispatch the command (RecordCommand).
 */

/** What opening a case needs from outside its stream: who holds the person's data, their open case in the municipality. */
export interface CaseKnowledgeInput {
  personHolder: string | null;
  openCaseOfPerson: string | null;
  /** The case as this service knows it (its own and received events): read only for AgreeJointAssessment and the decisions on a proposed step change. */
  caseView?: CaseView | null;
  /** The facts the risk of chronification reads, from the case's own and received events: read only for AssessRisk. */
  riskInputs?: RiskInputs | null;
}

/** A person's case at the institution that opened it (social services), stream case-<caseId>. */
export const CASE: Aggregate<CaseView, CaseCommand, CaseKnowledgeInput> = {
  name: 'case',
  streamOf: (caseId) => `case-${caseId}`,
  initial: initialCaseView,
  evolve: evolveCase,
  authorize: (command, state, meta, knowledge) =>
    command.type === 'OpenCase' ? assertMayHoldPerson(meta.institutionId, knowledge.personHolder) : assertMayRecordOnCase(meta.institutionId, state),
  decide: (command, state, meta, knowledge) =>
    decideCase(
      command.type === 'OpenCase'
        ? { ...command, knownOpenCaseOfPerson: knowledge.openCaseOfPerson }
        : command.type === 'AgreeJointAssessment' || command.type === 'AcceptStepChange' || command.type === 'RefuseStepChange'
          ? { ...command, known: knowledge.caseView ?? null }
          : command.type === 'AssessRisk'
            ? { ...command, inputs: knowledge.riskInputs ?? undefined }
            : command,
      state,
      meta,
    ),
  concerns: (caseId, command, state) => ({ caseId, personId: state.personId ?? (command.type === 'OpenCase' ? command.data.personId : null) }),
};

/** Itinerary steps, recorded by each step's responsible institution at its own service (stream steps-<caseId>@<service>); knowledge: the case as the service knows it. */
export const STEPS: Aggregate<CaseView, StepCommand, CaseView> = {
  name: 'itinerary steps',
  streamOf: (caseId, service) => perService(`steps-${caseId}`, service),
  initial: initialCaseView,
  evolve: evolveCase,
  authorize: (_, __, meta, caseView) => assertTakesPart(meta.institutionId, caseView),
  decide: (command, _, meta, caseView) => decideStep(command, caseView, meta),
  concerns: (caseId) => ({ caseId }),
};

/**
 * The company's signature of an insertion agreement, in its own log at its own service (stream
 * agreement-signatures-<caseId>@<service>); knowledge: the case as the company knows it (the agreement
 * social services drew up naming it). Social services sign, and record the person's signature, on the case.
 */
export const AGREEMENT_SIGNATURES: Aggregate<CaseView, AgreementSignatureCommand, CaseView> = {
  name: 'agreement signatures',
  streamOf: (caseId, service) => perService(`agreement-signatures-${caseId}`, service),
  initial: initialCaseView,
  evolve: evolveCase,
  authorize: (_, __, meta, caseView) => assertTakesPart(meta.institutionId, caseView),
  decide: (command, _, meta, caseView) => decideCompanySignature(command, caseView, meta),
  concerns: (caseId) => ({ caseId }),
};

/** A placement at the insertion company that started it (stream placement-<placementId>); knowledge: the case as the company knows it. */
export const PLACEMENT: Aggregate<PlacementState, PlacementCommand, CaseView> = {
  name: 'placement',
  streamOf: (placementId) => `placement-${placementId}`,
  initial: initialPlacement,
  evolve: evolvePlacement,
  authorize: (command, state, meta, caseView) => {
    if (command.type !== 'StartPlacement') assertPlacementCompany(meta.institutionId, state);
    // A company acts only on cases it takes part in (an agreement names it).
    assertTakesPart(meta.institutionId, caseView);
  },
  decide: (command, state, meta, caseView) => decidePlacement(command, state, caseView, meta),
  concerns: (_, command, state) => ({ caseId: command.type === 'StartPlacement' ? command.caseId : (state.caseId ?? null) }),
};

/** The employment office's record of a case (stream employment-<caseId>); knowledge: the case as the office knows it. */
export const EMPLOYMENT: Aggregate<EmploymentState, EmploymentCommand, CaseView> = {
  name: 'employment',
  streamOf: (caseId) => `employment-${caseId}`,
  initial: initialEmployment,
  evolve: evolveEmployment,
  authorize: (_, __, meta, caseView) => assertTakesPart(meta.institutionId, caseView),
  decide: (command, state, meta) => decideEmployment(command, state, meta),
  concerns: (caseId) => ({ caseId }),
};

/** What a table command needs: the table as all its members recorded it, and (to convene a case table) the case. */
export interface TableKnowledgeInput {
  table: TableState;
  caseView: CaseView | null;
}

const tableConcerns = (table: Pick<TableState, 'level' | 'scopeId'>) =>
  table.level === 'case' ? { caseId: table.scopeId } : table.level === 'project' ? { projectId: table.scopeId } : { programmeId: table.scopeId };

/** A coordination table: each member records its own facts at its own service (stream table-<tableId>@<service>); knowledge: every member's events. */
export const TABLE: Aggregate<TableState, TableCommand, TableKnowledgeInput> = {
  name: 'table',
  streamOf: (tableId, service) => perService(`table-${tableId}`, service),
  initial: initialTable,
  evolve: evolveTable,
  authorize: (command, _, meta, { table, caseView }) => {
    if (command.type !== 'CreateTable') return assertTableMember(meta.institutionId, table);
    // A case table is convened by the case's owner: its members take part in the case through it.
    if (command.data.level === 'case') assertMayConveneCaseTable(meta.institutionId, caseView ?? initialCaseView());
  },
  decide: (command, _, meta, { table }) => decideTable(command, table, meta),
  concerns: (_, command, __, { table }) => tableConcerns(command.type === 'CreateTable' ? command.data : table),
};

/** A programme of the regional delegation that created it (stream programme-<programmeId>). */
export const PROGRAMME: Aggregate<ProgrammeState, ProgrammeCommand> = {
  name: 'programme',
  streamOf: (programmeId) => `programme-${programmeId}`,
  initial: initialProgramme,
  evolve: evolveProgramme,
  authorize: (command, state, meta) => (command.type === 'CreateProgramme' ? undefined : assertOwnProgramme({ institutionId: meta.institutionId, role: meta.actor.role }, state)),
  decide: (command, state, meta) => decideProgramme(command, state, meta),
  concerns: (programmeId, command) => ({
    programmeId,
    projectId: command.type === 'AddProject' || command.type === 'EnrolCase' ? command.data.projectId : null,
    caseId: command.type === 'EnrolCase' ? command.data.caseId : null,
  }),
};

/** The erasure of a person's data, by the institution that holds it (stream person-<personId>). */
export type PersonCommand = { type: 'ErasePerson'; data: { personId: string; erasedOn: string; reason: string } };

export const PERSON: Aggregate<Record<string, never>, PersonCommand, { holder: string | null }> = {
  name: 'person',
  streamOf: (personId) => `person-${personId}`,
  initial: () => ({}),
  evolve: (state) => state,
  authorize: (_, __, meta, { holder }) => assertMayErasePerson({ institutionId: meta.institutionId, role: meta.actor.role }, holder),
  decide: (command) => [event('person.erased', command.data)],
  concerns: () => ({}),
};

/** A reaction the rules refused, recorded by the institution the policy named (stream reactions-<caseId>@<service>). */
export type ReactionRefusalCommand = { type: 'RecordRefusal'; data: { reaction: string; causeEventId: string; causeType: string; code: string; reason: string; caseId: string } };

export const REACTION_REFUSALS: Aggregate<Record<string, never>, ReactionRefusalCommand> = {
  name: 'reaction refusals',
  streamOf: (caseId, service) => perService(`reactions-${caseId}`, service),
  initial: () => ({}),
  evolve: (state) => state,
  authorize: () => undefined,
  decide: (command) => [event('reaction.refused', command.data)],
  concerns: (caseId) => ({ caseId }),
};

/**
 * A territorial plan (Plan Local de Integración Social, Piano di Zona): the lead records the plan
 * at its own service, each partner records the findings it contributes at its own (stream
 * territorial-plan-<planId>@<service>); knowledge: the plan as every institution recorded it.
 */
export const TERRITORIAL_PLAN: Aggregate<PlanState, PlanCommand, PlanKnowledgeInput> = {
  name: 'territorial plan',
  streamOf: (planId, service) => perService(`territorial-plan-${planId}`, service),
  initial: initialPlan,
  evolve: evolvePlan,
  authorize: (command, _, meta, { plan, actorKind }) => {
    if (command.type === 'CreatePlan') return assertMayLeadPlan(actorKind);
    if (command.type === 'RecordFinding' || command.type === 'RecordContext' || command.type === 'SignPlanAgreement') return assertPlanContributor(meta.institutionId, plan);
    if (command.type === 'CompletePlanAction') return assertPlanActionOwner(meta.institutionId, plan, command.data.actionId);
    assertPlanLead(meta.institutionId, plan);
  },
  decide: (command, _, meta, knowledge) => decidePlan(command, knowledge, meta),
  concerns: (_, command, __, { plan }) => ({
    programmeId: command.type === 'CreatePlan' ? command.data.programmeId : (plan.programmeId ?? null),
    // A contributor's personal data is encrypted with a key of their own.
    personId: command.type === 'ReceiveContribution' ? contributorPersonId(command.data.contributionId) : null,
  }),
};

/** The person key a contribution's contributor data is encrypted with. */
export const contributorPersonId = (contributionId: string): string => `contributor-${contributionId}`;

/**
 * The municipal Plan de Empleo at its employer, the municipal employment service (stream
 * employment-plan-<planId>): only the institution that opened it records on it; selecting a
 * person reads the case as the employer knows it (social services' proposal).
 */
export const EMPLOYMENT_PLAN: Aggregate<EmploymentPlanState, EmploymentPlanCommand, CaseView> = {
  name: 'employment plan',
  streamOf: (planId) => `employment-plan-${planId}`,
  initial: initialEmploymentPlan,
  evolve: evolveEmploymentPlan,
  authorize: (command, state, meta, caseView) => {
    if (command.type !== 'OpenEmploymentPlan') assertPlanEmployer(meta.institutionId, state);
    // Selecting a person needs a part in the case (social services' proposal names the employer).
    if (command.type === 'SelectPerson') assertTakesPart(meta.institutionId, caseView);
  },
  decide: (command, state, meta, caseView) => decideEmploymentPlan(command, state, caseView, meta),
  concerns: (_, command, state) => ({
    caseId: command.type === 'SelectPerson' ? command.data.caseId : null,
    programmeId: command.type === 'OpenEmploymentPlan' ? (command.data.programmeId ?? null) : (state.programmeId ?? null),
  }),
};

/** A person's Plan de Empleo contract at the employer that signed it (stream plan-contract-<contractId>); knowledge: the case as the employer knows it. */
export const PLAN_CONTRACT: Aggregate<PlanContractState, PlanContractCommand, CaseView> = {
  name: 'plan contract',
  streamOf: (contractId) => `plan-contract-${contractId}`,
  initial: initialPlanContract,
  evolve: evolvePlanContract,
  authorize: (command, state, meta, caseView) => {
    if (command.type !== 'SignPlanContract') assertPlanEmployer(meta.institutionId, state);
    assertTakesPart(meta.institutionId, caseView);
  },
  decide: (command, state, meta, caseView) => decidePlanContract(command, state, caseView, meta),
  concerns: (_, command, state) => ({ caseId: command.type === 'SignPlanContract' ? command.caseId : (state.caseId ?? null) }),
};

/**
 * The mandates an institution grants to others to act on its behalf (servizi in delega), in the
 * grantor's own log (stream mandates-<grantor>; the id is the grantor). Only the grantor records
 * on it; knowledge: whether the agent is in the registry.
 */
export const MANDATES: Aggregate<MandatesState, MandateCommand, MandateKnowledgeInput> = {
  name: 'mandates',
  streamOf: (grantor) => mandatesStream(grantor),
  initial: initialMandates,
  evolve: evolveMandates,
  authorize: (_, __, meta) => {
    if (meta.actor.onBehalfOf && meta.actor.onBehalfOf !== meta.institutionId) throw forbidden('MANDATE.NOT_DELEGABLE', 'a mandate is granted or revoked by the grantor itself, not on its behalf');
    if (meta.actor.role !== 'coordinator') throw forbidden('ACCESS.COORDINATORS_ONLY', 'a mandate is granted or revoked by a coordinator of the grantor');
  },
  decide: (command, state, meta, knowledge) => decideMandate(command, state, meta, knowledge),
  concerns: () => ({}),
};

/**
 * A referral to social services (PACT): the referring institution records it at its own service,
 * social services answer it at theirs (stream referral-<referralId>@<service>); knowledge: the
 * referral as every service recorded it, the addressee's kind, the case that takes it in.
 */
export const REFERRAL: Aggregate<ReferralState, ReferralCommand, ReferralKnowledgeInput> = {
  name: 'referral',
  streamOf: (referralId, service) => perService(`referral-${referralId}`, service),
  initial: initialReferral,
  evolve: evolveReferral,
  authorize: (command, _, meta, { referral }) => (command.type === 'SendReferral' ? undefined : assertReferralAddressee(meta.institutionId, referral)),
  decide: (command, _, meta, knowledge) => decideReferral(command, knowledge, meta),
  // The situation is encrypted with a key of the referral's own (held by the referring service): social services hold
  // their own key for the person once they open the case, and one person id cannot name two keys. An acceptance belongs to the case's timeline.
  concerns: (_, command) => ({
    personId: command.type === 'SendReferral' ? referralPersonKey(command.data.referralId) : null,
    caseId: command.type === 'AcceptReferral' ? command.data.caseId : null,
  }),
};

/**
 * A household ("personas y familias") at the social services that registered it (stream
 * household-<householdId>); knowledge: the case a command links to a member, as this service
 * knows it (only its owner links it).
 */
export const HOUSEHOLD: Aggregate<HouseholdState, HouseholdCommand, CaseView> = {
  name: 'household',
  streamOf: (householdId) => `household-${householdId}`,
  initial: initialHousehold,
  evolve: evolveHousehold,
  authorize: (command, state, meta, caseView) => {
    if (command.type === 'RegisterHousehold') return; // at social services only (the route lives there)
    assertHouseholdOwner(meta.institutionId, state);
    if ((command.type === 'AddHouseholdMember' && command.data.caseId) || command.type === 'LinkMemberCase') assertMayRecordOnCase(meta.institutionId, caseView);
  },
  decide: (command, state, meta, caseView) => decideHousehold(command, state, caseView, meta),
  concerns: (_, command, state) => householdConcerns(command, state),
};
/** The person key a referral's situation is encrypted with (as a contribution's contributor: contributorPersonId). */
export const referralPersonKey = (referralId: string): string => `referral-${referralId}`;

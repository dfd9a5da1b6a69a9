import { forbidden } from '../shared/domain-error';

/**
 * The one access policy of the network: who takes part in a case, who may record on it, who
 * may see it, for which purpose, and how much of it. Pure: commands, reads, live streams and
 * the supervisors' read models all ask here (specs: access-policy.unit.spec.ts).
 */

/** Why case data is read (header X-Purpose): every read names one, and it is logged. */
export const PURPOSES = ['follow-up', 'assessment', 'supervision', 'statistics'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Who asks: the institution (and its kind) from the verified token, and the user's role. */
export interface Reader {
  institutionId: string;
  institutionKind?: string;
  role: string;
}

/** What the policy needs to know of a case (the case view and the case facts both carry it). */
export interface CaseAccessFacts {
  status: 'unknown' | 'open' | 'closed';
  /** The social-services institution that opened the case: its owner. */
  openedBy?: string;
  participants: string[];
  withdrawnConsents: string[];
}

/** An event as the policy sees it: who recorded it, its type and its payload. */
export interface PolicyEvent {
  type: string;
  institutionId: string;
  data: Record<string, unknown>;
  caseId?: string | null;
}

export const isSupervisor = (reader: Reader): boolean => reader.institutionKind === 'regional-delegation' && reader.role === 'supervisor';

/** Supervisors and coordinators of the regional delegation (aggregate indicators). */
export const isDelegationStaff = (reader: Reader): boolean => reader.institutionKind === 'regional-delegation' && ['supervisor', 'coordinator'].includes(reader.role);

/** How a consent (or its withdrawal) is keyed: the institution it shares with, for one purpose. */
export const consentKey = (institutionId: string, purpose: string): string => `${institutionId}|${purpose}`;

export const consentWithdrawn = (facts: Pick<CaseAccessFacts, 'withdrawnConsents'>, institutionId: string, purpose: string): boolean =>
  facts.withdrawnConsents.includes(consentKey(institutionId, purpose));

/** Whether an institution takes part in the case (the owner and those it granted a part). */
export const takesPart = (facts: Pick<CaseAccessFacts, 'participants'>, institutionId: string): boolean => facts.participants.includes(institutionId);

const stepInstitutions = (data: Record<string, unknown>): string[] =>
  ((data.steps as { responsibleInstitution?: string }[] | undefined) ?? []).map((s) => s.responsibleInstitution).filter((i): i is string => !!i);

/**
 * Who an event makes a participant of its case. Taking part comes only from what the case's
 * owner grants by its own acts: opening the case (the owner itself), giving a step of the
 * itinerary to an institution, an agreement naming a company, a case table it convened (its
 * members) or a member it added. An event any other institution records about the case
 * grants nothing, whoever recorded it: nobody joins a case by writing about it.
 */
export function participationGrantedBy(event: PolicyEvent, owner: string | undefined): string[] {
  if (event.type === 'case.opened') return owner === undefined || owner === event.institutionId ? [event.institutionId] : [];
  if (owner === undefined || event.institutionId !== owner) return [];
  const d = event.data;
  switch (event.type) {
    case 'itinerary.designed':
    case 'itinerary.reoriented':
      return stepInstitutions(d);
    case 'agreement.signed':
      return typeof d.companyInstitution === 'string' ? [d.companyInstitution] : [];
    // Proposing the person for a Plan de Empleo gives the plan's employer (the municipal employment service) its part.
    case 'employment-plan.candidate-proposed':
      return typeof d.employerInstitution === 'string' ? [d.employerInstitution] : [];
    case 'table.created':
      return d.level === 'case' && d.scopeId === event.caseId ? ((d.members as { institutionId: string }[] | undefined) ?? []).map((m) => m.institutionId) : [];
    case 'table.member-added': {
      const member = d.member as { institutionId?: string } | undefined;
      return typeof member?.institutionId === 'string' ? [member.institutionId] : [];
    }
    default:
      return [];
  }
}

/**
 * The change an event makes to the person's consents: only what the case's owner recorded
 * counts (a consent is the person's word, taken by the institution that holds their case).
 */
export function consentChangeOf(event: PolicyEvent, owner: string | undefined): { key: string; withdrawn: boolean } | null {
  if (event.type !== 'consent.given' && event.type !== 'consent.withdrawn') return null;
  if (owner === undefined || event.institutionId !== owner) return null;
  return { key: consentKey(String(event.data.institutionId), String(event.data.purpose)), withdrawn: event.type === 'consent.withdrawn' };
}

/** Folds the access facts of an event: participants and consents (used by every case fold). */
export function evolveAccess<F extends Pick<CaseAccessFacts, 'participants' | 'withdrawnConsents'> & { openedBy?: string }>(facts: F, event: PolicyEvent): F {
  const owner = event.type === 'case.opened' && facts.openedBy === undefined ? event.institutionId : facts.openedBy;
  const granted = participationGrantedBy(event, owner);
  const consent = consentChangeOf(event, owner);
  let next = facts;
  if (granted.some((i) => !facts.participants.includes(i))) next = { ...next, participants: [...new Set([...facts.participants, ...granted])].sort() };
  if (consent) {
    const rest = next.withdrawnConsents.filter((c) => c !== consent.key);
    next = { ...next, withdrawnConsents: consent.withdrawn ? [...rest, consent.key].sort() : rest };
  }
  return next;
}

/**
 * Which signature of an insertion agreement counts (every case fold asks here): each party signs
 * in its own log. Social services' own signature and the person's (recorded by social services
 * with its evidence: the person is not an institution) count when the case's owner recorded
 * them; the company's only when the company the agreement names recorded it itself, at its own
 * service, on an agreement the owner drew up. A "company" signature social services recorded
 * under agreement.signed v1 (`legacy`) does not count: the company signs again in its own log.
 */
export function agreementSignatureCounts(event: PolicyEvent, owner: string | undefined, agreement: { companyInstitution: string } | undefined): boolean {
  if (event.type !== 'agreement.signed' || owner === undefined) return false;
  const d = event.data;
  switch (d.party) {
    case 'social-services':
    case 'person':
      return event.institutionId === owner && (agreement === undefined || agreement.companyInstitution === d.companyInstitution);
    case 'company':
      return !d.legacy && agreement !== undefined && agreement.companyInstitution === d.companyInstitution && event.institutionId === agreement.companyInstitution;
    default:
      return false;
  }
}

/** Who answers for an itinerary step (accepts, declines or proposes a change, starts and completes it): its responsible institution only. */
export const answersForStep = (step: { responsibleInstitution: string }, institutionId: string): boolean => step.responsibleInstitution === institutionId;

/**
 * Which recorded facts about a step count in a case fold: its start, completion and answers only
 * from its responsible institution; a decision on a proposed change only from the case's owner.
 * Nobody answers for a step, or decides on it, by writing about it.
 */
export function stepFactCounts(event: PolicyEvent, step: { responsibleInstitution: string }, owner: string | undefined): boolean {
  if (event.type === 'itinerary.step-change-accepted' || event.type === 'itinerary.step-change-refused') return owner !== undefined && event.institutionId === owner;
  return answersForStep(step, event.institutionId);
}

/** The same refusal whether the case does not exist or the reader has no part in it. */
export const accessDeniedError = () => forbidden('ACCESS.DENIED', 'this institution has no access to this resource');

const consentWithdrawnError = (institutionId: string, purpose: string) =>
  forbidden('ACCESS.CONSENT_WITHDRAWN', `the person withdrew their consent to share with ${institutionId} for ${purpose}`);

/**
 * Whether a reader may see a case for a purpose: the institutions taking part and the
 * delegation's supervisors; a consent the person withdrew for the reader's institution and
 * purpose hides the case (not from its owner). Throws the refusal, returns nothing.
 */
export function assertMaySeeCase(reader: Reader, facts: CaseAccessFacts | null | undefined, purpose: string): void {
  if (!facts || facts.status === 'unknown') throw accessDeniedError();
  if (!(takesPart(facts, reader.institutionId) || isSupervisor(reader))) throw accessDeniedError();
  if (reader.institutionId !== facts.openedBy && consentWithdrawn(facts, reader.institutionId, purpose)) throw consentWithdrawnError(reader.institutionId, purpose);
}

/** Supervision is the supervisors' purpose; the others are open to any reader who may see the case. */
export function assertPurposeAllowed(reader: Reader, purpose: string): void {
  if (purpose === 'supervision' && reader.role !== 'supervisor') throw forbidden('ACCESS.PURPOSE_NOT_ALLOWED', 'the purpose supervision is reserved to supervisors');
}

/** Only the case's owner records on its case record (diagnosis, itinerary, consents, closure...). */
export function assertMayRecordOnCase(actorInstitution: string, facts: CaseAccessFacts): void {
  if (facts.status === 'unknown' || facts.openedBy !== actorInstitution) throw accessDeniedError();
}

/** An institution the owner granted a part (a step, an agreement, a table) records its own facts about the case. */
export function assertTakesPart(actorInstitution: string, facts: CaseAccessFacts): void {
  if (facts.status === 'unknown' || !takesPart(facts, actorInstitution)) throw accessDeniedError();
}

/**
 * PACT: a proactive proposal is answered by the case's reference technician (or a coordinator
 * of the owner, when the technician is away); before one is assigned, by any of the owner's
 * staff. The owner's institution is checked before (assertMayRecordOnCase).
 */
export function assertAnswersProposal(actor: { userId: string; role: string }, facts: { referenceTechnician?: string }): void {
  if (facts.referenceTechnician && actor.userId !== facts.referenceTechnician && actor.role !== 'coordinator') {
    throw forbidden('PROPOSAL.NOT_REFERENCE_TECHNICIAN', `the proposal is answered by the case's reference technician (${facts.referenceTechnician})`);
  }
}

/**
 * Who sees a case's risk of chronification (score, band, components, proposals): the case's
 * owner, for the case work (not statistics), and the delegation's supervisors. The other
 * institutions taking part do not: the risk reads the whole diagnosis, health included.
 */
export function assertMaySeeRisk(reader: Reader, facts: CaseAccessFacts | null | undefined, purpose: string): void {
  // Who may see the case at all, and the consents the person withdrew, first.
  assertMaySeeCase(reader, facts, purpose);
  if (isSupervisor(reader)) return;
  if (reader.institutionId !== facts!.openedBy) throw accessDeniedError();
  if (purpose === 'statistics') throw forbidden('ACCESS.PURPOSE_NOT_ALLOWED', 'the risk of a case is read for the case work (follow-up, assessment), not for statistics');
}

/** The events that carry a case's risk of chronification and its proactive proposals: shown only where riskShownTo says. */
export const RISK_EVENT_TYPES: readonly string[] = ['case.risk-band-changed', 'proactive-proposal.recorded', 'proactive-proposal.accepted', 'proactive-proposal.dismissed'];

/** Whether a reader of the case view (and timeline) is shown its risk and proactive proposals (assertMaySeeRisk without the throw). */
export const riskShownTo = (reader: Reader, facts: CaseAccessFacts, purpose: string): boolean => {
  try {
    assertMaySeeRisk(reader, facts, purpose);
    return true;
  } catch {
    return false;
  }
};

/** A case-level table is convened by the case's owner: members join the case through it. */
export function assertMayConveneCaseTable(actorInstitution: string, facts: CaseAccessFacts): void {
  assertMayRecordOnCase(actorInstitution, facts);
}

/**
 * How much of a case a reader is shown. Identity (name, ID number, contact) and health
 * details are the owner's to read, and only for the case work itself (follow-up,
 * assessment): statistics never disclose them, whoever asks. Everyone else who may see the
 * case reads them as withheld; outside social services a diagnosis reads as "job adaptation
 * needed" (the health dimension is not shown).
 */
export interface Disclosure {
  identity: boolean;
  healthDetails: boolean;
  healthDimension: boolean;
}

export function disclosureFor(reader: Reader, facts: Pick<CaseAccessFacts, 'openedBy'>, purpose: string): Disclosure {
  const caseWork = purpose === 'follow-up' || purpose === 'assessment';
  const owner = reader.institutionId === facts.openedBy;
  return { identity: owner && caseWork, healthDetails: owner && caseWork, healthDimension: reader.institutionKind === 'social-services' && purpose !== 'statistics' };
}

/** A person's data is erased by the institution that holds it (the one that first recorded it): its coordinators. */
export function assertMayErasePerson(actor: Reader, holder: string | null): void {
  if (actor.role !== 'coordinator') throw forbidden('ACCESS.COORDINATORS_ONLY', 'erasure is decided by a coordinator');
  if (!holder || holder !== actor.institutionId) throw accessDeniedError();
}

/** A new case for a person whose data another institution holds would make the opener a second holder: refused. */
export function assertMayHoldPerson(actorInstitution: string, holder: string | null): void {
  if (holder && holder !== actorInstitution) throw forbidden('ACCESS.PERSON_HELD_ELSEWHERE', "this person's record is held by another institution: it opens their cases");
}

/** Tables: their members record on them (at their own services). The same 403 whether or not the table exists. */
export function assertTableMember(actorInstitution: string, table: { exists: boolean; members: string[] }): void {
  if (!table.exists || !table.members.includes(actorInstitution)) throw accessDeniedError();
}

/** A placement is the company's that started it: only it records on it (the same 403 whether or not it exists). */
export function assertPlacementCompany(actorInstitution: string, placement: { startedBy?: string }): void {
  if (placement.startedBy !== actorInstitution) throw accessDeniedError();
}

/** A Plan de Empleo and its contracts are their employer's (the institution that opened or signed them): only it records on them (the same 403 whether or not they exist). */
export function assertPlanEmployer(actorInstitution: string, plan: { employer?: string }): void {
  if (plan.employer !== actorInstitution) throw accessDeniedError();
}

/** A household is recorded and read only by the social services that registered it (the owner of its members' cases). */
export function assertHouseholdOwner(actorInstitution: string, household: { exists: boolean; owner?: string }): void {
  if (!household.exists || household.owner !== actorInstitution) throw accessDeniedError();
}

/** Tables: their members, and the delegation's supervisors, see them. */
export function assertMaySeeTable(reader: Reader, table: { exists: boolean; members: string[] }): void {
  if (!table.exists || !(table.members.includes(reader.institutionId) || isSupervisor(reader))) throw accessDeniedError();
}

/** Audit endpoints (trail, verification, checkpoints, access log) are for the delegation's supervisors. */
export function assertSupervisor(reader: Reader): void {
  if (!isSupervisor(reader)) throw forbidden('ACCESS.SUPERVISORS_ONLY', "this is for the regional delegation's supervisors");
}

/** Aggregate indicators are for the delegation's supervisors and coordinators. */
export function assertDelegationStaff(reader: Reader): void {
  if (!isDelegationStaff(reader)) throw forbidden('ACCESS.DELEGATION_STAFF_ONLY', "this is for the regional delegation's supervisors and coordinators");
}

/** A programme's read models are for the delegation that created it (the same 403 whether or not it exists). */
export function assertOwnProgramme(reader: Reader, programme: { createdBy?: string } | null | undefined): void {
  if (!programme || programme.createdBy !== reader.institutionId) throw accessDeniedError();
}

/** What the policy needs to know of a territorial plan: whether it exists, who leads it, its partners. */
export interface PlanAccessFacts {
  exists: boolean;
  lead?: string;
  partners: string[];
  /** Who must sign the plan's agreement besides the lead. */
  agreement?: { signatories: string[] };
  /** Who owns each action of the plan. */
  actions?: Record<string, { ownerInstitution: string }>;
}

/**
 * Which recorded events count for a territorial plan (its view folds every service's stream of
 * it): the first creation; findings and context figures from the lead or a partner (each
 * recorded by the institution that contributed it); an agreement's signature from the lead or a
 * signatory it names (each signs in its own log); an action's completion from the lead or the
 * action's owner; everything else only from the lead.
 * Nobody joins a plan or changes it by writing about it.
 */
export function planFactCounts(event: Pick<PolicyEvent, 'type' | 'institutionId'> & { data?: Record<string, unknown> }, plan: PlanAccessFacts): boolean {
  if (event.type === 'territorial-plan.created') return !plan.exists;
  if (!plan.exists) return false;
  if (event.type === 'territorial-plan.finding-recorded' || event.type === 'territorial-plan.context-recorded') return isPlanContributor(plan, event.institutionId);
  if (event.type === 'territorial-plan.agreement-signed') return event.institutionId === plan.lead || !!plan.agreement?.signatories.includes(event.institutionId);
  if (event.type === 'territorial-plan.action-completed') return event.institutionId === plan.lead || plan.actions?.[String(event.data?.actionId)]?.ownerInstitution === event.institutionId;
  return event.institutionId === plan.lead;
}

/**
 * Who may lead a territorial plan: the seeds name the regional delegation (000: the Delegación
 * Provincial with the Modelo Regional) and a municipality's social services (002: Capofila
 * Comune Lodi; 004: the Ambito's lead municipality). Others take part as partners.
 */
export const PLAN_LEAD_KINDS = ['regional-delegation', 'social-services'] as const;

export function assertMayLeadPlan(institutionKind: string | undefined): void {
  if (!(PLAN_LEAD_KINDS as readonly string[]).includes(institutionKind ?? '')) {
    throw forbidden('PLAN.LEAD_KIND', `a territorial plan is led by the regional delegation or a municipality's social services, not by ${institutionKind ?? 'an unknown kind'}; take part as a partner`);
  }
}

/** An action of a plan is completed by its owner or the lead (a partner that does not own it gets the same 403 as a stranger). */
export function assertPlanActionOwner(actorInstitution: string, plan: PlanAccessFacts, actionId: string): void {
  assertPlanContributor(actorInstitution, plan);
  const owner = plan.actions?.[actionId]?.ownerInstitution;
  if (actorInstitution !== plan.lead && owner !== undefined && owner !== actorInstitution) throw accessDeniedError();
}

export const isPlanContributor = (plan: PlanAccessFacts, institutionId: string): boolean => plan.exists && (plan.lead === institutionId || plan.partners.includes(institutionId));

/** The institution leading a plan records its decisions (the same 403 whether or not the plan exists). */
export function assertPlanLead(actorInstitution: string, plan: PlanAccessFacts): void {
  if (!plan.exists || plan.lead !== actorInstitution) throw accessDeniedError();
}

/** The lead and the partners contribute to the shared diagnosis. */
export function assertPlanContributor(actorInstitution: string, plan: PlanAccessFacts): void {
  if (!isPlanContributor(plan, actorInstitution)) throw accessDeniedError();
}

/** A plan, its figures and its evaluation are for its lead, its partners (001: results are shared with the partners) and the delegation's staff. */
/**
 * A plan's evaluation shows its programme's figures: only for a programme its lead created.
 * A plan may name any programme, so without this a plan naming another institution's
 * programme would read that programme's indicators (GET /programmes/:id/indicators refuses it).
 */
export function assertPlanMayReadProgramme(plan: PlanAccessFacts, programme: { createdBy?: string } | null | undefined): void {
  if (!programme || !plan.lead || programme.createdBy !== plan.lead) throw accessDeniedError();
}

export function assertMaySeePlan(reader: Reader, plan: PlanAccessFacts): void {
  if (!plan.exists || !(isPlanContributor(plan, reader.institutionId) || isDelegationStaff(reader))) throw accessDeniedError();
}

/**
 * Referrals (PACT): the referral counts as first sent by whoever sent it; its acceptance or
 * decline only from the social-services institution it names. Nobody answers a referral by
 * writing about it.
 */
export function referralFactCounts(event: Pick<PolicyEvent, 'type' | 'institutionId'>, referral: { exists: boolean; toInstitution?: string }): boolean {
  if (event.type === 'referral.sent') return !referral.exists;
  return referral.exists && event.institutionId === referral.toInstitution;
}

/** The institution a referral names answers it (the same 403 whether or not it has arrived). */
export function assertReferralAddressee(actorInstitution: string, referral: { exists: boolean; toInstitution?: string }): void {
  if (!referral.exists || referral.toInstitution !== actorInstitution) throw accessDeniedError();
}

/** A referral is read by the institution that sent it and the one it names. */
export function assertMaySeeReferral(reader: Reader, referral: { exists: boolean; from?: string; toInstitution?: string }): void {
  if (!referral.exists || (reader.institutionId !== referral.from && reader.institutionId !== referral.toInstitution)) throw accessDeniedError();
}

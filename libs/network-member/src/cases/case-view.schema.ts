import { apiSchema } from '@inclusion/service-shell';

/** OpenAPI of the answers of GET /cases/{caseId} and GET /cases/{caseId}/timeline (CaseView in libs/domain/src/case/case-view.ts). */
const step = apiSchema('StepView', {
  type: 'object',
  required: ['stepId', 'kind', 'responsibleInstitution', 'plannedStart', 'plannedEnd', 'status'],
  properties: {
    stepId: { type: 'string' },
    kind: { type: 'string' },
    responsibleInstitution: { type: 'string' },
    plannedStart: { type: 'string', format: 'date' },
    plannedEnd: { type: 'string', format: 'date' },
    status: { type: 'string', enum: ['planned', 'started', 'completed'] },
    startedOn: { type: 'string', format: 'date' },
    completedOn: { type: 'string', format: 'date' },
    description: { type: 'string' },
    answer: {
      type: 'object',
      description: "The responsible institution's answer (joint itinerary design), recorded at its own service; absent: not answered yet (or a proposed change was refused).",
      required: ['status', 'on'],
      properties: {
        status: { type: 'string', enum: ['accepted', 'declined', 'change-proposed'] },
        on: { type: 'string', format: 'date' },
        note: { type: 'string' },
        reason: { type: 'string', description: 'Why it was declined, or why the change is proposed.' },
        proposalId: { type: 'string' },
        change: { type: 'object', properties: { kind: { type: 'string' }, plannedStart: { type: 'string', format: 'date' }, plannedEnd: { type: 'string', format: 'date' }, description: { type: 'string' } } },
      },
    },
    changeDecisions: {
      type: 'array',
      description: "Social services' decisions on the changes proposed for the step.",
      items: {
        type: 'object',
        required: ['proposalId', 'decision', 'decidedOn'],
        properties: { proposalId: { type: 'string' }, decision: { type: 'string', enum: ['accepted', 'refused'] }, decidedOn: { type: 'string', format: 'date' }, reason: { type: 'string' } },
      },
    },
  },
});

const signature = apiSchema('SignatureView', {
  type: 'object',
  required: ['recordedBy', 'signedBy', 'signedOn'],
  properties: {
    recordedBy: { type: 'string', description: 'The institution whose log holds the signature (the company for its own; social services for theirs and the person\'s).' },
    signedBy: { type: 'string' },
    signedOn: { type: 'string', format: 'date' },
    evidence: {
      type: 'object',
      description: "The person's signature: the signed document's reference and SHA-256, the method, the witness.",
      properties: { documentRef: { type: 'string' }, documentSha256: { type: 'string' }, method: { type: 'string' }, witnessedBy: { type: 'string' } },
    },
    legacy: { type: 'boolean', description: 'Recorded by social services under agreement.signed v1.' },
  },
});

export const CASE_VIEW = apiSchema('CaseView', {
  type: 'object',
  description: "Everything this service knows about a case, folded from every institution's events about it, as the access policy lets the reader see it for the purpose.",
  required: ['status', 'participants', 'incidenceGroups', 'agreements', 'incidents', 'placements', 'withdrawnConsents'],
  properties: {
    caseId: { type: 'string' },
    status: { type: 'string', enum: ['unknown', 'open', 'closed'] },
    openedBy: { type: 'string', description: 'The social-services institution that opened (owns) the case.' },
    participants: { type: 'array', items: { type: 'string' }, description: 'Institutions taking part.' },
    personId: { type: 'string' },
    municipality: { type: 'string' },
    gender: { type: 'string' },
    birthYear: { type: 'integer' },
    incidenceGroups: { type: 'array', items: { type: 'string' } },
    openedOn: { type: 'string', format: 'date' },
    closedOn: { type: 'string', format: 'date' },
    outcome: { type: 'string' },
    diagnosedOn: { type: 'string', format: 'date' },
    accreditation: { type: 'object', required: ['validFrom', 'validUntil'], properties: { validFrom: { type: 'string', format: 'date' }, validUntil: { type: 'string', format: 'date' } } },
    referenceTechnician: { type: 'string' },
    itinerary: {
      type: 'object',
      required: ['itineraryId', 'status', 'steps', 'reorientations'],
      properties: { itineraryId: { type: 'string' }, status: { type: 'string', enum: ['active', 'closed'] }, steps: { type: 'array', items: step }, reorientations: { type: 'integer' } },
    },
    agreements: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['agreementId', 'companyInstitution', 'signedBy', 'signatures', 'complete'],
        properties: {
          agreementId: { type: 'string' },
          companyInstitution: { type: 'string' },
          signedBy: { type: 'array', items: { type: 'string', enum: ['social-services', 'company', 'person'] }, description: 'The parties whose signature counts.' },
          signatures: { type: 'object', additionalProperties: signature },
          complete: { type: 'boolean', description: "All three signatures are known: social services', the company's (at its own service), the person's." },
        },
      },
    },
    incidents: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['incidentId', 'status', 'kind', 'severity', 'reportedBy'],
        properties: {
          incidentId: { type: 'string' },
          status: { type: 'string', enum: ['reported', 'open', 'acknowledged', 'resolved'] },
          kind: { type: 'string' },
          severity: { type: 'string' },
          reportedBy: { type: 'string' },
          observedOn: { type: 'string' },
          acknowledgedOn: { type: 'string' },
          resolvedOn: { type: 'string' },
        },
      },
    },
    placements: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['placementId', 'companyInstitution', 'status', 'contractStart'],
        properties: { placementId: { type: 'string' }, companyInstitution: { type: 'string' }, status: { type: 'string', enum: ['active', 'ended'] }, contractStart: { type: 'string' }, finalEvaluation: { type: 'string' } },
      },
    },
    withdrawnConsents: { type: 'array', items: { type: 'string' }, description: 'Sharing withdrawn by the person, by consent key.' },
  },
});

export const CASE_TIMELINE = apiSchema('CaseTimeline', {
  type: 'object',
  required: ['caseId', 'events'],
  properties: {
    caseId: { type: 'string' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventId', 'type', 'institutionId', 'actor', 'occurredAt', 'recordedAt', 'streamId', 'payload'],
        properties: {
          eventId: { type: 'string', format: 'uuid' },
          type: { type: 'string' },
          institutionId: { type: 'string' },
          actor: { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' }, onBehalfOf: { type: 'string', nullable: true } } },
          occurredAt: { type: 'string', format: 'date-time' },
          recordedAt: { type: 'string', format: 'date-time' },
          causationId: { type: 'string', nullable: true },
          correlationId: { type: 'string' },
          streamId: { type: 'string' },
          payload: { type: 'object', additionalProperties: true, description: "The event's data as the reader may see it (withheld or protected fields redacted)." },
        },
      },
    },
  },
});

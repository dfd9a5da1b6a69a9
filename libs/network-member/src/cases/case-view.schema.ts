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
      additionalProperties: { type: 'object', required: ['agreementId', 'companyInstitution', 'signedBy'], properties: { agreementId: { type: 'string' }, companyInstitution: { type: 'string' }, signedBy: { type: 'array', items: { type: 'string' } } } },
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

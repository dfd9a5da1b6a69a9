import { Module } from '@nestjs/common';
import { CaseQueriesController } from './cases/case-queries.controller';
import { CaseKnowledge } from './knowledge/case-knowledge';
import { CaseRecorder } from './knowledge/case-recorder';
import { ForeignEvents } from './knowledge/foreign-events';
import { NetworkReplication } from './knowledge/network-replication';
import { StepsController } from './steps/steps.controller';
import { AccessLogController } from './access/access-log.controller';
import { VerificationController } from './audit/verification.controller';
import { AuditTrail } from './audit/audit-trail';
import { CommandIngress } from './ingress/command-ingress';
import { Reactions } from './reactions/reactions';
import { PendingReactionsController } from './reactions/pending-reactions.controller';
import { MandateKnowledge } from './mandates/mandate-knowledge';
import { MandatesController } from './mandates/mandates.controller';
import { REPRESENTATION_CHECK } from '@inclusion/commands';
import { ReferralKnowledge } from './referrals/referral-knowledge';
import { ReferralsController } from './referrals/referrals.controller';

/**
 * What every service does as a member of the network: receive and keep the other
 * institutions' events, answer what it knows of a case (state, timeline), let its
 * institutions start and complete the itinerary steps they are responsible for, and keep the
 * mandates institutions grant each other (checked for every X-On-Behalf-Of).
 */
@Module({
  controllers: [CaseQueriesController, StepsController, AccessLogController, VerificationController, PendingReactionsController, MandatesController, ReferralsController],
  providers: [
    ForeignEvents, CaseKnowledge, CaseRecorder, NetworkReplication, AuditTrail, Reactions, CommandIngress, MandateKnowledge, ReferralKnowledge,
    // The command path checks every X-On-Behalf-Of against the grantor's mandates.
    { provide: REPRESENTATION_CHECK, useExisting: MandateKnowledge },
  ],
  exports: [ForeignEvents, CaseKnowledge, CaseRecorder, NetworkReplication, AuditTrail, Reactions],
})
export class NetworkModule {}

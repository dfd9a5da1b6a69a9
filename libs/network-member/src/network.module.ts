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
import { ReferralKnowledge } from './referrals/referral-knowledge';
import { ReferralsController } from './referrals/referrals.controller';

/**
 * What every service does as a member of the network: receive and keep the other
 * institutions' events, answer what it knows of a case (state, timeline), and let its
 * institutions start and complete the itinerary steps they are responsible for.
 */
@Module({
  controllers: [CaseQueriesController, StepsController, AccessLogController, VerificationController, PendingReactionsController, ReferralsController],
  providers: [ForeignEvents, CaseKnowledge, CaseRecorder, NetworkReplication, AuditTrail, Reactions, CommandIngress, ReferralKnowledge],
  exports: [ForeignEvents, CaseKnowledge, CaseRecorder, NetworkReplication, AuditTrail, Reactions],
})
export class NetworkModule {}

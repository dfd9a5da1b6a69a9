import { Module } from '@nestjs/common';
import { CaseQueriesController } from './cases/case-queries.controller';
import { CaseKnowledge } from './knowledge/case-knowledge';
import { ForeignEvents } from './knowledge/foreign-events';
import { NetworkReplication } from './knowledge/network-replication';
import { StepsController } from './steps/steps.controller';
import { AccessLogController } from './access/access-log.controller';
import { VerificationController } from './audit/verification.controller';
import { AuditTrail } from './audit/audit-trail';

/**
 * What every service does as a member of the network: receive and keep the other
 * institutions' events, answer what it knows of a case (state, timeline), and let its
 * institutions start and complete the itinerary steps they are responsible for.
 */
@Module({
  controllers: [CaseQueriesController, StepsController, AccessLogController, VerificationController],
  providers: [ForeignEvents, CaseKnowledge, NetworkReplication, AuditTrail],
  exports: [ForeignEvents, CaseKnowledge, NetworkReplication, AuditTrail],
})
export class NetworkModule {}

import { Module } from '@nestjs/common';
import { CaseTimelineController } from './case-timeline.controller';
import { LiveStreamController } from './live-stream.controller';
import { NetworkLogFeed } from './network-log.feed';
import { ReadModelQueries } from './read-model-queries';
import { SupervisionController } from './supervision.controller';
import { SupervisorPageController } from './supervisor-page.controller';

/**
 * The regional delegation's supervision: the network log and its read models (indicators,
 * compliance, risk), live streams, case timelines and the supervisors' page.
 */
@Module({
  controllers: [SupervisionController, LiveStreamController, CaseTimelineController, SupervisorPageController],
  providers: [NetworkLogFeed, ReadModelQueries],
  exports: [NetworkLogFeed],
})
export class SupervisionModule {}

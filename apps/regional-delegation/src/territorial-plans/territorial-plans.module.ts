import { Module } from '@nestjs/common';
import { TerritorialPlansModule } from '@inclusion/network-member';
import { ReadModelQueries } from '../supervision/read-model-queries';
import { SupervisionModule } from '../supervision/supervision.module';
import { PlanEvaluationController } from './plan-evaluation.controller';

/** At the delegation, territorial plans are also evaluated: targets against the indicators of the network log. */
@Module({ imports: [TerritorialPlansModule, SupervisionModule], providers: [ReadModelQueries], controllers: [PlanEvaluationController] })
export class DelegationTerritorialPlansModule {}

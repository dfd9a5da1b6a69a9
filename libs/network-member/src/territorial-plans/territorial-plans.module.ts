import { Module } from '@nestjs/common';
import { NetworkModule } from '../network.module';
import { TableKnowledge } from '../tables/table-knowledge';
import { PlanKnowledge } from './plan-knowledge';
import { PublicConsultationController } from './public-consultation.controller';
import { TerritorialPlansController } from './territorial-plans.controller';

/** Territorial plans, kept by every service: the lead records the plan at its own service, each partner its findings at its own. */
@Module({ imports: [NetworkModule], providers: [PlanKnowledge, TableKnowledge], controllers: [TerritorialPlansController, PublicConsultationController], exports: [PlanKnowledge] })
export class TerritorialPlansModule {}

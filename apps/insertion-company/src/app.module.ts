import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NETWORK_MEMBER_MIGRATIONS, NetworkModule, TablesModule, TerritorialPlansModule } from '@inclusion/network-member';
import { ServiceShellModule } from '@inclusion/service-shell';
import { PlacementsController } from './placements/placements.controller';
import { EmploymentPlanController } from './employment-plan/employment-plan.controller';
import { AgreementSignaturesController } from './agreements/agreement-signatures.controller';

export const SERVICE_NAME = 'insertion-company';
export const SERVICE_TITLE = 'Insertion company (Empresa de Inserción)';

@Module({})
export class InsertionCompanyModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: InsertionCompanyModule,
      imports: [ServiceShellModule.forService({ config, migrations: NETWORK_MEMBER_MIGRATIONS }), NetworkModule, TablesModule, TerritorialPlansModule],
      controllers: [PlacementsController, EmploymentPlanController, AgreementSignaturesController],
    };
  }
}

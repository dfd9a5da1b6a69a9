import { HouseholdsController } from './households/households.controller';
import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NETWORK_MEMBER_MIGRATIONS, NetworkModule, TablesModule, TerritorialPlansModule } from '@inclusion/network-member';
import { ServiceShellModule } from '@inclusion/service-shell';
import { CaseCommands } from './cases/case-commands';
import { CasesController } from './cases/cases.controller';
import { CaseReactions } from './reactions/case-reactions';
import { PersonsController } from './persons/persons.controller';
import { CasePlanController } from './employment-plan/case-plan.controller';
import { PactController } from './pact/pact.controller';

export const SERVICE_NAME = 'social-services';
export const SERVICE_TITLE = 'Social services (Servicios Sociales de Atención Primaria)';

@Module({})
export class SocialServicesModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: SocialServicesModule,
      imports: [ServiceShellModule.forService({ config, migrations: NETWORK_MEMBER_MIGRATIONS }), NetworkModule, TablesModule, TerritorialPlansModule],
      controllers: [CasesController, PersonsController, CasePlanController, PactController, HouseholdsController],
      providers: [CaseCommands, CaseReactions],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NETWORK_MEMBER_MIGRATIONS, NetworkModule, TablesModule, TerritorialPlansModule } from '@inclusion/network-member';
import { ServiceShellModule } from '@inclusion/service-shell';
import { EmploymentCommands } from './employment/employment-commands';
import { EmploymentController } from './employment/employment.controller';
import { EmploymentReactions } from './employment/employment-reactions';
import { JointAssessmentPartController } from './employment-plan/joint-assessment-part.controller';

export const SERVICE_NAME = 'employment-office';
export const SERVICE_TITLE = 'Employment office (Oficinas Emplea)';

@Module({})
export class EmploymentOfficeModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: EmploymentOfficeModule,
      imports: [ServiceShellModule.forService({ config, migrations: NETWORK_MEMBER_MIGRATIONS }), NetworkModule, TablesModule, TerritorialPlansModule],
      controllers: [EmploymentController, JointAssessmentPartController],
      providers: [EmploymentCommands, EmploymentReactions],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NetworkModule, TablesModule } from '@inclusion/network';
import { PlatformModule } from '@inclusion/platform';
import { EmploymentCommands } from './employment/employment-commands';
import { EmploymentController } from './employment/employment.controller';
import { EmploymentReactions } from './employment/employment-reactions';

export const SERVICE_NAME = 'employment-office';
export const SERVICE_TITLE = 'Employment office (Oficinas Emplea)';

@Module({})
export class EmploymentOfficeModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: EmploymentOfficeModule,
      imports: [PlatformModule.forService({ config }), NetworkModule, TablesModule],
      controllers: [EmploymentController],
      providers: [EmploymentCommands, EmploymentReactions],
    };
  }
}

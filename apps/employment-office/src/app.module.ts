import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { PlatformModule } from '@inclusion/platform';

export const SERVICE_NAME = 'employment-office';
export const SERVICE_TITLE = 'Employment office (Oficinas Emplea)';

@Module({})
export class EmploymentOfficeModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: EmploymentOfficeModule,
      imports: [PlatformModule.forService({ config })],
    };
  }
}

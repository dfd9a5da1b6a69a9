import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { PlatformModule } from '@inclusion/platform';

export const SERVICE_NAME = 'regional-delegation';
export const SERVICE_TITLE = 'Regional delegation (Delegación Provincial de Bienestar Social)';

@Module({})
export class RegionalDelegationModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: RegionalDelegationModule,
      imports: [PlatformModule.forService({ config })],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { PlatformModule } from '@inclusion/platform';

export const SERVICE_NAME = 'social-services';
export const SERVICE_TITLE = 'Social services (Servicios Sociales de Atención Primaria)';

@Module({})
export class SocialServicesModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: SocialServicesModule,
      imports: [PlatformModule.forService({ config })],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NetworkModule, TablesModule } from '@inclusion/network';
import { PlatformModule } from '@inclusion/platform';
import { ProgrammesController } from './programmes/programmes.controller';
import { AuditTrailController } from './audit/audit-trail.controller';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { SupervisionModule } from './supervision/supervision.module';
import { WitnessModule } from './witness/witness.module';

export const SERVICE_NAME = 'regional-delegation';
export const SERVICE_TITLE = 'Regional delegation (Delegación Provincial de Bienestar Social)';

@Module({})
export class RegionalDelegationModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: RegionalDelegationModule,
      imports: [PlatformModule.forService({ config }), NetworkModule, TablesModule, SupervisionModule, WitnessModule],
      controllers: [ProgrammesController, AuditTrailController, AsyncApiController],
    };
  }
}

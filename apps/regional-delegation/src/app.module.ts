import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NETWORK_MEMBER_MIGRATIONS, NetworkModule, TablesModule } from '@inclusion/network-member';
import { ServiceShellModule } from '@inclusion/service-shell';
import { NETWORK_LOG_MIGRATIONS } from '@inclusion/network-log';
import { ProgrammesController } from './programmes/programmes.controller';
import { AuditTrailController } from './audit/audit-trail.controller';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { SupervisionModule } from './supervision/supervision.module';
import { WitnessModule } from './witness/witness.module';
import { DelegationTerritorialPlansModule } from './territorial-plans/territorial-plans.module';

export const SERVICE_NAME = 'regional-delegation';
export const SERVICE_TITLE = 'Regional delegation (Delegación Provincial de Bienestar Social)';

@Module({})
export class RegionalDelegationModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: RegionalDelegationModule,
      imports: [ServiceShellModule.forService({ config, migrations: [...NETWORK_MEMBER_MIGRATIONS, ...NETWORK_LOG_MIGRATIONS] }), NetworkModule, TablesModule, SupervisionModule, WitnessModule, DelegationTerritorialPlansModule],
      controllers: [ProgrammesController, AuditTrailController, AsyncApiController],
    };
  }
}

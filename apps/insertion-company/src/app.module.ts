import { DynamicModule, Module } from '@nestjs/common';
import { ResolvedServiceConfig } from '@inclusion/config';
import { NetworkModule, TablesModule } from '@inclusion/network';
import { PlatformModule } from '@inclusion/platform';
import { PlacementsController } from './placements/placements.controller';

export const SERVICE_NAME = 'insertion-company';
export const SERVICE_TITLE = 'Insertion company (Empresa de Inserción)';

@Module({})
export class InsertionCompanyModule {
  static forConfig(config: ResolvedServiceConfig): DynamicModule {
    return {
      module: InsertionCompanyModule,
      imports: [PlatformModule.forService({ config }), NetworkModule, TablesModule],
      controllers: [PlacementsController],
    };
  }
}

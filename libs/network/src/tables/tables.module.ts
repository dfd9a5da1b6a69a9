import { Module } from '@nestjs/common';
import { TablesController } from './tables.controller';

/** Coordination tables, kept by social services (case tables) and the regional delegation. */
@Module({ controllers: [TablesController] })
export class TablesModule {}

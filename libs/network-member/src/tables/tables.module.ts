import { Module } from '@nestjs/common';
import { NetworkModule } from '../network.module';
import { TableKnowledge } from './table-knowledge';
import { TablesController } from './tables.controller';

/** Coordination tables, kept by every service: each member records its own facts at its own service. */
@Module({ imports: [NetworkModule], providers: [TableKnowledge], controllers: [TablesController], exports: [TableKnowledge] })
export class TablesModule {}

import { Injectable } from '@nestjs/common';
import { CaseFacts, ProgrammeFacts, ProgrammeReadModel, TableFacts } from '@inclusion/read-models';
import { NetworkLogFeed } from './network-log.feed';

/** Loads what a programme's reports need from the projection documents. */
@Injectable()
export class ReadModelQueries {
  constructor(private readonly feed: NetworkLogFeed) {}

  programme(programmeId: string): Promise<ProgrammeFacts | null> {
    return this.feed.log.document<ProgrammeFacts>('programme-facts', programmeId);
  }

  async model(programme: ProgrammeFacts): Promise<ProgrammeReadModel> {
    const cases = [...(await this.feed.log.documents<CaseFacts>('case-facts', programme.programmeId)).values()];
    const tables = await this.feed.log.tablesScopedTo<TableFacts>([programme.programmeId, ...Object.keys(programme.projects), ...cases.map((c) => c.caseId)]);
    return { programme, cases, tables };
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiTags, OmitType } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import {
  ActionAddedV1, ActionCompletedV1, DecisionRecordedV1, ID, MeetingCancelledV1, MeetingConvenedV1, MeetingHeldV1, TableCreatedV1, TableMemberAddedV1,
} from '@inclusion/contracts';
import { CommandBus } from '@nestjs/cqrs';
import { assertMaySeeCase, assertMaySeeTable, evolveTable, fold, initialTable, TABLE, TableCommand } from '@inclusion/domain';
import { AccessLog, Ctx, OpenToHostedPartners, readerOf, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { RecordCommand, toRecorded } from '@inclusion/commands';
import { CaseKnowledge } from '../knowledge/case-knowledge';
import { TableKnowledge } from './table-knowledge';

export class TableParams {
  @ApiProperty({ example: 'table-case-0001' })
  @Matches(ID, { message: 'tableId must be an id' })
  tableId: string;
}

export class RecordDecisionBody extends OmitType(DecisionRecordedV1, ['kind'] as const) {}
export class AddMemberBody extends OmitType(TableMemberAddedV1, ['tableId'] as const) {}

/**
 * Coordination tables (Mesas Técnicas): members, meetings, decisions, follow-up actions. Every
 * service keeps tables: a member records its own facts at its own service (its kind's), and
 * each member's view folds all members' events (TableKnowledge). The rules: TABLE in
 * libs/domain/src/aggregates/aggregates.ts.
 */
@ApiTags('tables')
@OpenToHostedPartners()
@Controller('tables')
export class TablesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly tables: TableKnowledge,
    private readonly cases: CaseKnowledge,
    private readonly accessLog: AccessLog,
  ) {}

  private run(tableId: string, command: TableCommand, ctx: RequestContext, body: unknown) {
    return this.bus.execute(
      new RecordCommand(TABLE, tableId, command, ctx, body, {
        knowledge: async (tx) => ({
          table: await this.tables.view(tableId, tx),
          caseView: command.type === 'CreateTable' && command.data.level === 'case' ? await this.cases.view(command.data.scopeId, tx) : null,
        }),
      }),
    );
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(TableCreatedV1, 'Create a table at programme, project or case level, with its members (the creator must be one)')
  create(@Body() body: TableCreatedV1, @Ctx() ctx: RequestContext) {
    return this.run(body.tableId, { type: 'CreateTable', data: body }, ctx, body);
  }

  @Post(':tableId/members')
  @HttpCode(201)
  @ApiCommand(AddMemberBody, 'Add a member institution (members only)')
  addMember(@Param() p: TableParams, @Body() body: AddMemberBody, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'AddMember', data: { ...body, tableId: p.tableId } }, ctx, body);
  }

  @Post(':tableId/meetings')
  @HttpCode(201)
  @ApiCommand(MeetingConvenedV1, 'Convene a meeting: date and agenda (members only)')
  convene(@Param() p: TableParams, @Body() body: MeetingConvenedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'ConveneMeeting', data: body }, ctx, body);
  }

  @Post(':tableId/held-meetings')
  @HttpCode(201)
  @ApiCommand(MeetingHeldV1, 'Record a convened meeting as held: attendees (members only) and minutes')
  hold(@Param() p: TableParams, @Body() body: MeetingHeldV1, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'HoldMeeting', data: body }, ctx, body);
  }

  @Post(':tableId/cancelled-meetings')
  @HttpCode(201)
  @ApiCommand(MeetingCancelledV1, 'Cancel a convened meeting')
  cancel(@Param() p: TableParams, @Body() body: MeetingCancelledV1, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'CancelMeeting', data: body }, ctx, body);
  }

  @Post(':tableId/decisions')
  @HttpCode(201)
  @ApiCommand(RecordDecisionBody, 'Record a decision of a held meeting; at case level it may reorient the itinerary')
  decide(@Param() p: TableParams, @Body() body: RecordDecisionBody, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'RecordDecision', data: body }, ctx, body);
  }

  @Post(':tableId/actions')
  @HttpCode(201)
  @ApiCommand(ActionAddedV1, 'Add a follow-up action of a held meeting: owner institution, due date')
  addAction(@Param() p: TableParams, @Body() body: ActionAddedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'AddAction', data: body }, ctx, body);
  }

  @Post(':tableId/completed-actions')
  @HttpCode(201)
  @ApiCommand(ActionCompletedV1, 'Complete a follow-up action')
  completeAction(@Param() p: TableParams, @Body() body: ActionCompletedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.tableId, { type: 'CompleteAction', data: body }, ctx, body);
  }

  @Get(':tableId')
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'required for a case table (its case data is read): follow-up, assessment, supervision, statistics' })
  @ApiOperation({ summary: "A table's members, meetings and open actions, folded from every member's events; a case table is a read of case data (purpose, access log, consent)" })
  async state(@Param() p: TableParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    const events = await this.tables.events(p.tableId);
    const state = fold(evolveTable, initialTable(), events.map(toRecorded));
    assertMaySeeTable(readerOf(ctx), state);
    const body = async () => ({
      tableId: p.tableId,
      exists: state.exists,
      level: state.level,
      scopeId: state.scopeId,
      members: state.members,
      meetings: state.meetings,
      openActions: Object.entries(state.actions).filter(([, a]) => a.status === 'open').map(([actionId, a]) => ({ actionId, ...a })),
      // This service's stream version (send it as X-Expected-Version); `events` counts every member's.
      version: await this.tables.version(p.tableId),
      events: events.length,
    });
    if (state.level !== 'case' || !state.scopeId) return body();
    const caseId = state.scopeId;
    return this.accessLog.read(ctx, headers, { resource: 'table', resourceId: p.tableId, caseId }, async (purpose) => {
      assertMaySeeCase(readerOf(ctx), await this.cases.view(caseId), purpose);
      return body();
    });
  }
}

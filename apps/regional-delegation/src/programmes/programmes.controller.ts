import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CaseEnrolledV1, ID, ProgrammeCreatedV1, ProjectAddedV1, ResultsMeetingHeldV1 } from '@inclusion/contracts';
import { CommandBus } from '@nestjs/cqrs';
import { evolveProgramme, fold, initialProgramme, PROGRAMME, ProgrammeCommand } from '@inclusion/domain';
import { EventStore } from '@inclusion/event-store';
import { ApiCommand } from '@inclusion/service-shell';
import { Ctx, RequestContext } from '@inclusion/access';
import { RecordCommand, toRecorded } from '@inclusion/commands';

export class CreateProgrammeBody extends ProgrammeCreatedV1 {
  @ApiProperty({ example: 'plan-empleo-albacete-2026' })
  @Matches(ID, { message: 'programmeId must be an id' })
  programmeId: string;
}

export class ProgrammeParams {
  @ApiProperty({ example: 'plan-empleo-albacete-2026' })
  @Matches(ID, { message: 'programmeId must be an id' })
  programmeId: string;
}

/** The regional delegation's programmes and their projects (stream programme-<programmeId>). */
@ApiTags('programmes')
@Controller('programmes')
export class ProgrammesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly store: EventStore,
  ) {}

  /** The rules: PROGRAMME in libs/domain/src/aggregates/aggregates.ts (only the delegation that created it records on it). */
  private run(programmeId: string, command: ProgrammeCommand, ctx: RequestContext, body: unknown) {
    return this.bus.execute(new RecordCommand(PROGRAMME, programmeId, command, ctx, body));
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(CreateProgrammeBody, 'Create a programme: name, period, lines of intervention, budget')
  create(@Body() body: CreateProgrammeBody, @Ctx() ctx: RequestContext) {
    const { programmeId, ...data } = body;
    return this.run(programmeId, { type: 'CreateProgramme', data }, ctx, body);
  }

  @Post(':programmeId/projects')
  @HttpCode(201)
  @ApiCommand(ProjectAddedV1, 'Add a project run by an institution')
  addProject(@Param() p: ProgrammeParams, @Body() body: ProjectAddedV1, @Ctx() ctx: RequestContext) {
    return this.run(p.programmeId, { type: 'AddProject', data: body }, ctx, body);
  }

  @Post(':programmeId/enrolments')
  @HttpCode(201)
  @ApiCommand(CaseEnrolledV1, 'Enrol a case into a project')
  enrol(@Param() p: ProgrammeParams, @Body() body: CaseEnrolledV1, @Ctx() ctx: RequestContext) {
    return this.run(p.programmeId, { type: 'EnrolCase', data: body }, ctx, body);
  }

  @Post(':programmeId/results-meeting')
  @HttpCode(201)
  @ApiCommand(ResultsMeetingHeldV1, 'Record the results meeting at the end of the programme')
  results(@Param() p: ProgrammeParams, @Body() body: ResultsMeetingHeldV1, @Ctx() ctx: RequestContext) {
    return this.run(p.programmeId, { type: 'HoldResultsMeeting', data: body }, ctx, body);
  }

  @Get(':programmeId')
  @ApiOperation({ summary: "A programme's state and its projects with their enrolled cases" })
  async state(@Param() p: ProgrammeParams, @Ctx() _ctx: RequestContext) {
    const events = await this.store.readStream(`programme-${p.programmeId}`);
    if (events.length === 0) throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'PROGRAMME.NOT_FOUND', message: `no programme ${p.programmeId}` });
    // Programmes are public within the network: any institution may read one.
    const state = fold(evolveProgramme, initialProgramme(), events.map(toRecorded));
    return { programmeId: p.programmeId, version: events.length, ...events[0].payload, status: state.status, projects: state.projects };
  }
}

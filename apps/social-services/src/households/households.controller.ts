import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Matches } from 'class-validator';
import { HouseholdCaseLinkedV1, HouseholdMemberAddedV1, HouseholdMemberLeftV1, HouseholdRegisteredV1, ID } from '@inclusion/contracts';
import { assertHouseholdOwner, caseOfHouseholdCommand, HOUSEHOLD, HouseholdCommand, HouseholdState } from '@inclusion/domain';
import { CaseRecorder } from '@inclusion/network-member';
import { AccessLog, Ctx, RequestContext } from '@inclusion/access';
import { ApiCommand } from '@inclusion/service-shell';
import { StreamStateQuery } from '@inclusion/commands';

export class RegisterHouseholdBody extends HouseholdRegisteredV1 {
  @ApiProperty({ example: 'hh-0001' })
  @Matches(ID, { message: 'householdId must be an id' })
  householdId: string;
}

export class HouseholdParams {
  @ApiProperty({ example: 'hh-0001' })
  @Matches(ID, { message: 'householdId must be an id' })
  householdId: string;
}

/**
 * Households ("personas y familias", seeds/000 and 003) at the social services that own their
 * members' cases (stream household-<householdId>): members with their relationship, their
 * cases linked; figures by household in the delegation's indicators (docs/read-models.md).
 */
@ApiTags('households (personas y familias)')
@Controller('households')
export class HouseholdsController {
  constructor(
    private readonly recorder: CaseRecorder,
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  private record(householdId: string, command: HouseholdCommand, ctx: RequestContext, body: unknown) {
    return this.recorder.record(HOUSEHOLD, householdId, () => caseOfHouseholdCommand(command), command, ctx, body);
  }

  @Post()
  @HttpCode(201)
  @ApiCommand(RegisterHouseholdBody, 'Register a household with its reference person (the address is encrypted with their key)')
  register(@Body() body: RegisterHouseholdBody, @Ctx() ctx: RequestContext) {
    const { householdId, ...data } = body;
    return this.record(householdId, { type: 'RegisterHousehold', data }, ctx, body);
  }

  @Post(':householdId/members')
  @HttpCode(201)
  @ApiCommand(HouseholdMemberAddedV1, "Add a member, with their relationship and their case here when they have one (details encrypted with the member's key)")
  add(@Param() p: HouseholdParams, @Body() body: HouseholdMemberAddedV1, @Ctx() ctx: RequestContext) {
    return this.record(p.householdId, { type: 'AddHouseholdMember', data: body }, ctx, body);
  }

  @Post(':householdId/case-links')
  @HttpCode(201)
  @ApiCommand(HouseholdCaseLinkedV1, "Link a member's case (a case of this institution, of the same person)")
  link(@Param() p: HouseholdParams, @Body() body: HouseholdCaseLinkedV1, @Ctx() ctx: RequestContext) {
    return this.record(p.householdId, { type: 'LinkMemberCase', data: body }, ctx, body);
  }

  @Post(':householdId/departures')
  @HttpCode(201)
  @ApiCommand(HouseholdMemberLeftV1, 'A member leaves the household')
  leave(@Param() p: HouseholdParams, @Body() body: HouseholdMemberLeftV1, @Ctx() ctx: RequestContext) {
    return this.record(p.householdId, { type: 'RemoveHouseholdMember', data: body }, ctx, body);
  }

  @Get(':householdId')
  @ApiOperation({ summary: 'A household as the social services that registered it recorded it (theirs only)' })
  async household(@Param() p: HouseholdParams, @Ctx() ctx: RequestContext, @Headers() headers: Record<string, string>) {
    const { state, version } = await this.queries.execute(new StreamStateQuery(HOUSEHOLD, p.householdId));
    return this.accessLog.read(ctx, headers, { resource: 'household', resourceId: p.householdId, caseId: null }, async () => {
      assertHouseholdOwner(ctx.institutionId, state as HouseholdState);
      return { householdId: p.householdId, version, state };
    });
  }
}

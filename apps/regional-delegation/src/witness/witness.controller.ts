import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID } from '@inclusion/contracts';
import { ApiQueryFrom } from '@inclusion/service-shell';
import { Public } from '@inclusion/access';
import { Witness } from '@inclusion/witness';

export class WitnessQuery {
  @Matches(ID, { message: 'institutionId must be an institution id' }) institutionId: string;
}

/**
 * What the delegation's witness cosigned: every service's verification fetches these
 * (WITNESS_URLS) to hold its store against them. Public: a cosigned checkpoint carries only
 * an origin, a size, a root hash and signatures, never an event or personal data.
 */
@ApiTags('audit')
@Public()
@Controller('audit/witness')
export class WitnessController {
  constructor(private readonly witness: Witness) {}

  @Get('checkpoints')
  @ApiQueryFrom(WitnessQuery)
  @ApiOperation({
    summary:
      "The checkpoints of an institution's transparency log this witness cosigned (C2SP tlog-checkpoint notes with the institution's signature and the witness's tlog-cosignature v1 line), smallest size first",
  })
  async checkpoints(@Query() query: WitnessQuery) {
    return { institutionId: query.institutionId, witness: await this.witness.identity(), checkpoints: await this.witness.cosigned(query.institutionId) };
  }

  @Get('alarms')
  @ApiOperation({ summary: "The witness's open alarms (also in /health, and /health/witness answers 503 while one is open)" })
  async alarms() {
    return { alarms: await this.witness.openAlarms() };
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { WitnessHealthIndicator } from '@inclusion/witness';
import { ReadinessSnapshot } from './readiness-snapshot';
import { Public } from '@inclusion/access';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly snapshot: ReadinessSnapshot,
    private readonly witness: WitnessHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: "Readiness: PostgreSQL and Kafka connections, outbox lag and consumer lag (503 when one is down); the witness's alarms, if any (degraded, still up). Answered from the last background check (every HEALTH_REFRESH_MS; checkedAt says when)" })
  ready() {
    return this.snapshot.current();
  }

  @Get('witness')
  @HealthCheck()
  @ApiOperation({ summary: "The witness's open alarms about the institutions' transparency logs (503 while one is open; regional delegation)" })
  witnessAlarms() {
    return this.health.check([() => this.witness.strict()]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness (same as /health)' })
  readiness() {
    return this.ready();
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live() {
    return { status: 'ok' };
  }
}

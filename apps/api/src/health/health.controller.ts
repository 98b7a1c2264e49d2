import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { ApiJson } from '../common/api-responses';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@comity/auth';
import { InjectDataSource } from '@nestjs/typeorm';
import { TemporalProbe } from '@comity/temporal';
import { assertNoPendingMigrations, readiness, type Readiness } from '@comity/observability';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

const component: SchemaObject = { $ref: '#/components/schemas/ComponentStatus' } as SchemaObject;
const READINESS: SchemaObject = {
  type: 'object',
  required: ['status', 'components'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    components: {
      type: 'object',
      required: ['database', 'migrations', 'temporal'],
      additionalProperties: false,
      properties: { database: component, migrations: component, temporal: component },
    },
  },
};
const LIVENESS: SchemaObject = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: { type: 'string', enum: ['ok'] } },
};

// Probes for orchestrators. Liveness says only that the process still answers (restart it when it
// does not); readiness says whether it can serve (take it out of the load balancer when not):
// the database and Temporal answer and no migration is pending. /health is the readiness of the
// first releases (database and Temporal), kept for the scripts and monitors that call it.
@ApiTags('health')
@Public()
@SkipThrottle({ api: true, login: true })
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalProbe,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Database and Temporal checked (readiness without the migration check)' })
  @ApiJson(200, 'Health', 'The database and Temporal answer')
  @ApiJson(503, 'Health', 'The database or Temporal does not answer')
  async health(@Res({ passthrough: true }) res: Response) {
    return this.answer(res, await readiness({ database: this.database, temporal: this.temporalUp }));
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (checks no dependency)' })
  @ApiJson(200, LIVENESS, 'The process answers')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database and Temporal answer and no migration is pending' })
  @ApiJson(200, READINESS, 'Ready to serve')
  @ApiJson(503, READINESS, 'Not ready: the component that is down is named')
  async ready(@Res({ passthrough: true }) res: Response) {
    return this.answer(
      res,
      await readiness({
        database: this.database,
        migrations: () => assertNoPendingMigrations(this.dataSource),
        temporal: this.temporalUp,
      }),
    );
  }

  private readonly database = () => this.dataSource.query('SELECT 1');

  private readonly temporalUp = (signal: AbortSignal) =>
    this.temporal.connection.withAbortSignal(signal, () => this.temporal.connection.workflowService.getSystemInfo({}));

  private answer(res: Response, result: Readiness): Readiness {
    res.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}

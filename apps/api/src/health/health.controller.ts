import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJson } from '../common/api-responses';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '@comity/auth';
import { InjectDataSource } from '@nestjs/typeorm';
import { TemporalProbe } from '@comity/temporal';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

type ComponentStatus = { status: 'up' } | { status: 'down'; error: string };

const CHECK_TIMEOUT_MS = 2000;

// The probe gets an abort signal: a probe still retrying after the timeout (the Temporal client
// retries unavailable servers) is cancelled rather than left running.
async function check(probe: (signal: AbortSignal) => Promise<unknown>): Promise<ComponentStatus> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(controller.signal),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

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
  @ApiOperation({ summary: 'Liveness and readiness: the database and Temporal are checked' })
  @ApiJson(200, 'Health', 'The database and Temporal answer')
  @ApiJson(503, 'Health', 'The database or Temporal does not answer')
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check((signal) =>
        this.temporal.connection.withAbortSignal(signal, () =>
          this.temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const ok = database.status === 'up' && temporal.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', components: { database, temporal } };
  }
}

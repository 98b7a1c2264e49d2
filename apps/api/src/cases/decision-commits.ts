import { HttpStatus, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { CASE_STEPS_CHANNEL, stepKey } from '@comity/contracts';
import { ProblemException } from '../common/problem';

// Past the projection's bounded retries (about 10 s of back-off, see the workflow), the caller is
// told to retry; the decision itself is in history and its outcome shows on the case.
const WAIT_LIMIT_MS = 30_000;
// The records are looked at this often even without a notification (a listener reconnecting, a
// pooler that drops LISTEN): notifications make the answer fast, never correct.
const RECHECK_MS = 250;
// A step still missing after this long may have been refused: the workflow is asked.
const ASK_WORKFLOW_AFTER_MS = 1_000;
const RECONNECT_MS = 1_000;

interface Waiter {
  notified: boolean;
  wake?: () => void;
}

/**
 * Waits, for a decision answered before its projection (beginAction), until the projection's step
 * row has committed, so the caller reads its own write; or until the workflow says the records
 * refused it. The worker announces each committed step on a PostgreSQL channel; one listening
 * connection per api process wakes the waiters.
 */
@Injectable()
export class DecisionCommits implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DecisionCommits.name);
  private readonly waiters = new Map<string, Set<Waiter>>();
  private listener: PgClient | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * Resolves once step `seq` of the case is in the records; rejects with the refusal's problem if
   * the workflow reports one under `updateId` (asked through `refusal`), or with 503 past the limit.
   */
  async committed(caseId: string, seq: number, refusal: () => Promise<unknown>): Promise<void> {
    const key = stepKey(caseId, seq);
    const waiter: Waiter = { notified: false };
    const set = this.waiters.get(key) ?? new Set<Waiter>();
    this.waiters.set(key, set.add(waiter));
    const started = Date.now();
    try {
      for (;;) {
        // Registered before looking, so a commit between the look and the wait is not missed.
        if (waiter.notified || (await this.stepExists(caseId, seq))) return;
        const waited = Date.now() - started;
        if (waited >= ASK_WORKFLOW_AFTER_MS) {
          const problem = await refusal();
          if (problem) throw problem;
        }
        if (waited >= WAIT_LIMIT_MS) {
          throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'The case did not answer in time', 'Retry the request');
        }
        await this.notifiedOr(waiter, RECHECK_MS);
      }
    } finally {
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(key);
    }
  }

  private notifiedOr(waiter: Waiter, ms: number): Promise<void> {
    if (waiter.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      waiter.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async stepExists(caseId: string, seq: number): Promise<boolean> {
    try {
      const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM case_steps WHERE case_id = $1 AND seq = $2`, [caseId, seq]);
      return rows.length > 0;
    } catch {
      // The records are unreachable: the projection is retrying too; keep waiting.
      return false;
    }
  }

  private wake(key: string | undefined): void {
    for (const waiter of (key && this.waiters.get(key)) || []) {
      waiter.notified = true;
      waiter.wake?.();
    }
  }

  private async listen(): Promise<void> {
    // The records' own connection settings (dataSourceOptions), on a connection of its own.
    const client = new PgClient({ connectionString: (this.dataSource.options as { url?: string }).url });
    client.on('notification', (n) => this.wake(n.payload));
    client.on('error', (err) => {
      this.logger.warn(`Listener for committed steps lost (${err.message}); answers fall back to polling until it is back`);
      this.retryListen(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CASE_STEPS_CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn(`Listener for committed steps not started (${(err as Error).message}); retrying`);
      this.retryListen(client);
    }
  }

  private retryListen(client: PgClient): void {
    if (this.listener === client) this.listener = null;
    client.end().catch(() => undefined);
    if (this.closing || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      void this.listen();
    }, RECONNECT_MS);
  }
}

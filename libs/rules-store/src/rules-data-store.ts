import type { DataSource, QueryRunner } from 'typeorm';
import { buildRulesIndex, parseRulesData, type DataProblem, type RulesIndex } from '@comity/treaty-rules';
import {
  POLICY_CHANGE_ORDER,
  POLICY_CHANGE_SELECT,
  toPolicyChange,
  withPolicyChanges,
  type AuthorityPolicyChange,
  type PolicyChangeRow,
} from './authority-policies';
import { fromRulesDocuments } from './rules-documents';
import {
  STATUS_CHANGE_ORDER,
  STATUS_CHANGE_SELECT,
  toStatusChange,
  withStatusChanges,
  type InstrumentStatusChange,
  type StatusChangeRow,
} from './status-changes';

export interface RulesSnapshot {
  /** rules_revision when the snapshot was read; bumped by every write to the rules tables. */
  revision: number;
  index: RulesIndex;
  statusChanges: readonly InstrumentStatusChange[];
  /** Changes naming an instrument the loaded data does not have (not applied). */
  ignoredChanges: readonly InstrumentStatusChange[];
  /** Administrators' authority policy changes applied to the index. */
  policyChanges: readonly AuthorityPolicyChange[];
}

export interface RulesDataStoreOptions {
  /**
   * How long a snapshot is served without asking the database whether it changed. 0 (the
   * default) asks on every call: one primary-key read, well under a millisecond on a local pool.
   */
  maxStalenessMs?: number;
}

export class RulesDataUnavailableError extends Error {
  constructor(
    message: string,
    readonly problems: DataProblem[] = [],
  ) {
    super(message);
    this.name = 'RulesDataUnavailableError';
  }
}

// The rules data as PostgreSQL holds it, indexed once per revision and shared by every evaluation
// of this process. Each call checks the revision, so a change committed by any process (the api's
// admin endpoint, another api instance, psql) is seen by the next evaluation here, with no restart.
// Plain class so the worker's activities can construct it with their own DataSource.
export class RulesDataStore {
  private current?: RulesSnapshot;
  private checkedAt = 0;
  private building?: { revision: number; promise: Promise<RulesSnapshot> };
  private readonly maxStalenessMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: RulesDataStoreOptions = {},
  ) {
    this.maxStalenessMs = options.maxStalenessMs ?? 0;
  }

  /**
   * The current index. A caller that can use a snapshot somewhat older than the store's own bound
   * (a display, not an evaluation) passes a larger `maxStalenessMs` and skips the revision read.
   */
  async index(maxStalenessMs = this.maxStalenessMs): Promise<RulesIndex> {
    return (await this.snapshot(maxStalenessMs)).index;
  }

  async snapshot(maxStalenessMs = this.maxStalenessMs): Promise<RulesSnapshot> {
    const startedAt = Date.now();
    if (this.current && startedAt - this.checkedAt < maxStalenessMs) return this.current;
    const revision = await this.revision();
    this.checkedAt = startedAt;
    if (this.current && this.current.revision >= revision) return this.current;
    return this.rebuild(revision);
  }

  async revision(): Promise<number> {
    const [row]: { revision: string }[] = await this.dataSource.query(`SELECT revision FROM rules_revision`);
    if (!row) throw new RulesDataUnavailableError('rules_revision is empty: run the migrations');
    return Number(row.revision);
  }

  /** Forget the snapshot's freshness, so the next call checks the database (after a local write). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  // Concurrent callers that saw the same (or an older) revision share one rebuild.
  private rebuild(revision: number): Promise<RulesSnapshot> {
    if (this.building && this.building.revision >= revision) return this.building.promise;
    const promise = this.read().then((snapshot) => {
      if (!this.current || snapshot.revision > this.current.revision) this.current = snapshot;
      return this.current;
    });
    const building = { revision, promise };
    this.building = building;
    const clear = () => {
      if (this.building === building) this.building = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  // Revision, documents and changes from one snapshot of the database, so they belong together.
  private async read(): Promise<RulesSnapshot> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const snapshot = await readSnapshot(runner);
      await runner.commitTransaction();
      return snapshot;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }
}

async function readSnapshot(runner: QueryRunner): Promise<RulesSnapshot> {
  const [{ revision }]: { revision: string }[] = await runner.query(`SELECT revision FROM rules_revision`);
  const documents: { name: string; content: unknown }[] = await runner.query(
    `SELECT name, content FROM rules_documents`,
  );
  const rows: StatusChangeRow[] = await runner.query(`${STATUS_CHANGE_SELECT} ${STATUS_CHANGE_ORDER}`);
  const policyRows: PolicyChangeRow[] = await runner.query(`${POLICY_CHANGE_SELECT} ${POLICY_CHANGE_ORDER}`);

  const raw = fromRulesDocuments(new Map(documents.map((d) => [d.name, d.content])));
  if (!raw.ok) {
    throw new RulesDataUnavailableError(
      `Rules data not loaded (missing: ${raw.missing.join(', ')}); run scripts/load-rules (node dist/scripts/load-rules.js)`,
    );
  }
  const parsed = parseRulesData(raw.raw);
  if (!parsed.ok) {
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    throw new RulesDataUnavailableError(
      `Rules data in the database is invalid: ${errors.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      errors,
    );
  }
  const statusChanges = rows.map(toStatusChange);
  const withStatuses = withStatusChanges(parsed.data, statusChanges);
  const policyChanges = policyRows.map(toPolicyChange);
  const withPolicies = withPolicyChanges(withStatuses.data, policyChanges);
  const index = buildRulesIndex(withPolicies.data);
  const applied = statusChanges.filter((c) => !withStatuses.ignored.includes(c));
  const appliedPolicies = policyChanges.filter((c) => !withPolicies.ignored.includes(c));
  // The data version names the last applied change of each kind, so an evaluation records exactly
  // what it saw.
  const lastChange = lastId(applied);
  const lastPolicy = lastId(appliedPolicies);
  const version = [
    index.version,
    ...(lastChange ? [`status-changes@${lastChange}`] : []),
    ...(lastPolicy ? [`policies@${lastPolicy}`] : []),
  ].join('+');
  return {
    revision: Number(revision),
    index: version === index.version ? index : { ...index, version },
    statusChanges: applied,
    ignoredChanges: withStatuses.ignored,
    policyChanges: appliedPolicies,
  };
}

function lastId(changes: readonly { id: string }[]): string | undefined {
  return changes.reduce<string | undefined>((max, c) => (max === undefined || BigInt(c.id) > BigInt(max) ? c.id : max), undefined);
}

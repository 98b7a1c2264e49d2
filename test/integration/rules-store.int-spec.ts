import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src';
import { loadRulesDocuments, RulesDataStore, RulesDataUnavailableError } from '../../libs/rules-store/src';
import { instrumentStatusAt, loadBundledRulesData, type RulesData } from '../../libs/treaty-rules/src';
import { isolatedDatabase } from '../support/isolated-database';

const US_HN = 'us-hn-extradition-1909';

describe('rules data in PostgreSQL', () => {
  let ds: DataSource;
  let url: string;
  let drop: () => Promise<void>;
  const bundled = loadBundledRulesData();

  beforeAll(async () => {
    ({ dataSource: ds, url, drop } = await isolatedDatabase());
  });
  afterAll(() => drop());

  const revision = async () => Number((await ds.query(`SELECT revision FROM rules_revision`))[0].revision);
  const addChange = (status: string, effectiveFrom: string, source = 'Test note') =>
    ds.query(
      `INSERT INTO instrument_status_changes (instrument_id, status, effective_from, reason, source, confidence)
       VALUES ($1, $2, $3, 'integration test', $4, 'confirmed')`,
      [US_HN, status, effectiveFrom, source],
    );
  const usHnStatusAt = async (store: RulesDataStore, date: string) =>
    instrumentStatusAt((await store.index()).instruments.get(US_HN)!, date).status;

  it('should refuse to serve an index when the rules data has not been loaded', async () => {
    // Arrange
    const store = new RulesDataStore(ds);
    // Act / Assert
    await expect(store.index()).rejects.toBeInstanceOf(RulesDataUnavailableError);
  });

  it('should load every document once and write nothing when the versions are unchanged', async () => {
    // Act
    const first = await loadRulesDocuments(ds, bundled);
    const afterFirst = await revision();
    const second = await loadRulesDocuments(ds, bundled);
    // Assert
    expect(first.loaded.map((l) => l.name).sort()).toEqual([
      'authorities',
      'holidays-corrections',
      'instruments',
      'jurisdictions',
    ]);
    expect(first.loaded.every((l) => l.previousVersion === null)).toBe(true);
    expect(second).toEqual({ loaded: [], unchanged: expect.arrayContaining(['instruments']) });
    expect(await revision()).toBe(afterFirst);
  });

  it('should replace only the document whose version changed and keep administrator changes', async () => {
    // Arrange
    await addChange('suspended', '2025-01-01');
    const next: RulesData = {
      ...bundled,
      instruments: { ...bundled.instruments, version: `${bundled.instruments.version}-next` },
    };
    // Act
    const result = await loadRulesDocuments(ds, next);
    // Assert
    expect(result.loaded).toEqual([
      {
        name: 'instruments',
        previousVersion: bundled.instruments.version,
        version: next.instruments.version,
      },
    ]);
    const store = new RulesDataStore(ds);
    expect((await store.index()).version).toContain(`instruments@${next.instruments.version}`);
    expect(await usHnStatusAt(store, '2025-06-01')).toBe('suspended');
  });

  it('should keep status changes append-only', async () => {
    await expect(ds.query(`UPDATE instrument_status_changes SET status = 'in-force'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query(`DELETE FROM instrument_status_changes`)).rejects.toThrow(/append-only/);
  });

  it('should serve the cached index while nothing changes and share one rebuild among concurrent callers', async () => {
    // Arrange
    const store = new RulesDataStore(ds);
    // Act
    const concurrent = await Promise.all(Array.from({ length: 8 }, () => store.index()));
    const again = await store.index();
    // Assert
    expect(new Set(concurrent).size).toBe(1);
    expect(again).toBe(concurrent[0]);
  });

  it('should reflect a status change on the next call without a rebuild or restart', async () => {
    // Arrange
    const store = new RulesDataStore(ds);
    const before = await store.index();
    expect(await usHnStatusAt(store, '2026-06-01')).toBe('suspended');
    // Act
    await addChange('in-force', '2026-02-01');
    const after = await store.index();
    // Assert
    expect(after).not.toBe(before);
    expect(await usHnStatusAt(store, '2026-06-01')).toBe('in-force');
    expect(await usHnStatusAt(store, '2025-06-01')).toBe('suspended');
    expect(after.version).toMatch(/\+status-changes@\d+$/);
  });

  it('should let a second store on another connection pool (the worker) see a change made through the first', async () => {
    // Arrange: two processes' worth of stores, each with its own pool, both warm.
    const workerDs = await new DataSource(dataSourceOptions(url)).initialize();
    try {
      const apiStore = new RulesDataStore(ds);
      const workerStore = new RulesDataStore(workerDs);
      expect(await usHnStatusAt(apiStore, '2027-06-01')).toBe('in-force');
      expect(await usHnStatusAt(workerStore, '2027-06-01')).toBe('in-force');
      // Act
      await addChange('denounced', '2027-01-01');
      // Assert
      expect(await usHnStatusAt(workerStore, '2027-06-01')).toBe('denounced');
      expect(await usHnStatusAt(apiStore, '2027-06-01')).toBe('denounced');
    } finally {
      await workerDs.destroy();
    }
  });

  it('should serve a snapshot for maxStalenessMs without asking the database, then see the change', async () => {
    // Arrange
    const store = new RulesDataStore(ds, { maxStalenessMs: 60_000 });
    expect(await usHnStatusAt(store, '2028-06-01')).toBe('denounced');
    await addChange('in-force', '2028-01-01');
    // Act / Assert
    expect(await usHnStatusAt(store, '2028-06-01')).toBe('denounced');
    store.invalidate();
    expect(await usHnStatusAt(store, '2028-06-01')).toBe('in-force');
  });

  it("should lay an authority's latest policy change over the data, keep the changes append-only, and forget a cleared key", async () => {
    // Arrange
    const store = new RulesDataStore(ds);
    const fgrPolicies = async () =>
      (await store.index()).authoritiesByJurisdiction.get('MX')!.find((a) => a.id === 'mx-fgr')!.policies ?? [];
    const setPolicy = (amount: number | null, cleared = false) =>
      ds.query(
        `INSERT INTO authority_policy_changes (authority_id, key, amount, unit, cleared, reason)
         VALUES ('mx-fgr', 'deadline:central-authority-review', $1, 'business', $2, 'integration test')`,
        [amount, cleared],
      );
    const before = await revision();
    // Act
    await setPolicy(5);
    await setPolicy(7);
    // Assert: the latest change holds, named in the data version; the table refuses edits.
    expect(await revision()).toBe(before + 2);
    expect(await fgrPolicies()).toEqual([expect.objectContaining({ key: 'deadline:central-authority-review', amount: 7, unit: 'business' })]);
    expect((await store.index()).version).toMatch(/\+policies@\d+$/);
    await expect(ds.query(`UPDATE authority_policy_changes SET amount = 1`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM authority_policy_changes`)).rejects.toThrow(/append-only/);
    // A cleared key returns to the platform default.
    await setPolicy(null, true);
    expect(await fgrPolicies()).toEqual([]);
  });
});

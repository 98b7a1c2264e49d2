import type { MigrationInterface, QueryRunner } from 'typeorm';

// The treaty-rules data as the engine evaluates it: each versioned JSON file of
// libs/treaty-rules/data as loaded by scripts/load-rules.ts, plus the administrators' instrument
// status changes, kept apart (append-only) so reloading a new file version never loses them.
//
// rules_revision is one row bumped by triggers on every write to either table, including writes
// made by hand in psql, so every process can tell with one indexed read whether its cached index
// is still current.
export class RulesData1764300000000 implements MigrationInterface {
  name = 'RulesData1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rules_documents (
        name text PRIMARY KEY CHECK (name IN ('jurisdictions', 'authorities', 'instruments', 'holidays-corrections')),
        version text NOT NULL,
        content jsonb NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Statuses and confidences as in libs/treaty-rules (INSTRUMENT_STATUSES, CONFIDENCES) at the
    // time of writing; a later migration widens these checks if the vocabulary grows.
    await q.query(`
      CREATE TABLE instrument_status_changes (
        id bigserial PRIMARY KEY,
        instrument_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('signed', 'in-force', 'denunciation-pending', 'suspended',
                                               'denounced', 'withdrawn', 'not-operative', 'unknown')),
        effective_from date NOT NULL,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        source text NOT NULL CHECK (length(trim(source)) > 0),
        article text,
        confidence text NOT NULL CHECK (confidence IN ('confirmed', 'secondary', 'unconfirmed', 'default')),
        changed_by uuid REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX instrument_status_changes_timeline ON instrument_status_changes (instrument_id, effective_from, id)`,
    );
    await q.query(`
      CREATE FUNCTION instrument_status_changes_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'instrument_status_changes is append-only: % refused (record a new change instead)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER instrument_status_changes_no_update_delete BEFORE UPDATE OR DELETE ON instrument_status_changes
        FOR EACH ROW EXECUTE FUNCTION instrument_status_changes_refuse()`);

    await q.query(`
      CREATE TABLE rules_revision (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision bigint NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO rules_revision (revision, changed_at) VALUES (0, now())`);
    await q.query(`
      CREATE FUNCTION rules_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE rules_revision SET revision = revision + 1, changed_at = now();
        RETURN NULL;
      END $$`);
    // Row-level, so an idempotent reload that changes no row does not invalidate every cache.
    for (const table of ['rules_documents', 'instrument_status_changes']) {
      await q.query(`
        CREATE TRIGGER ${table}_bump_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION rules_bump_revision()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE instrument_status_changes`);
    await q.query(`DROP TABLE rules_documents`);
    await q.query(`DROP FUNCTION rules_bump_revision()`);
    await q.query(`DROP FUNCTION instrument_status_changes_refuse()`);
    await q.query(`DROP TABLE rules_revision`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

// The append-only, hash-chained audit trail, and the application role that may only read and
// append to it.
//
// One chain per case (chain_key = the case id) plus one chain for events outside cases
// (chain_key = 'global'). Each record's hash is
//   sha256(prev_hash || int8(seq) || utf8(canonical JSON of the record))
// where the canonical JSON (RFC 8785) is computed by libs/audit, so verification in Node does not
// depend on how PostgreSQL prints jsonb. audit_append() serialises writers per chain with a
// transaction-scoped advisory lock, so concurrent appends to one case keep a single chain, and is
// idempotent on idempotency_key, so a retried projection never appends twice.
export class Audit1764291000000 implements MigrationInterface {
  name = 'Audit1764291000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_records (
        chain_key text NOT NULL,
        seq bigint NOT NULL CHECK (seq >= 1),
        case_id uuid,
        action text NOT NULL,
        actor_id text,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
        details jsonb NOT NULL DEFAULT '{}',
        idempotency_key text NOT NULL,
        occurred_at timestamptz NOT NULL,
        prev_hash bytea NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (chain_key, seq),
        CONSTRAINT audit_records_idempotency_key UNIQUE (idempotency_key),
        CHECK ((chain_key = 'global') = (case_id IS NULL)),
        CHECK (case_id IS NULL OR chain_key = case_id::text)
      )`);
    // Append-ordered, so a BRIN index keeps time-range reports cheap at almost no write cost.
    await q.query(`CREATE INDEX audit_records_occurred_brin ON audit_records USING brin (occurred_at)`);

    await q.query(`
      CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_records_no_update_delete BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`);

    await q.query(AUDIT_APPEND_WITH_ADVISORY_LOCK);

    // The role the application connects as in production (see README "Database roles"). Roles are
    // cluster-wide, so it may already exist (another database on the same server).
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE comity_app NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO comity_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO comity_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO comity_app`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO comity_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO comity_app`);
    // The audit trail: read and append only.
    await q.query(`REVOKE ALL ON audit_records FROM comity_app`);
    await q.query(`GRANT SELECT, INSERT ON audit_records TO comity_app`);
    await q.query(`REVOKE ALL ON audit_records FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The role is left in place: it is cluster-wide and may hold privileges in other databases.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM comity_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM comity_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM comity_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM comity_app`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM comity_app`);
    await q.query(`DROP FUNCTION audit_append(text, uuid, text, text, text, jsonb, text, timestamptz, text)`);
    await q.query(`DROP TABLE audit_records`);
    await q.query(`DROP FUNCTION audit_refuse_change()`);
  }
}

// audit_append() as this migration defines it; a later migration replaces it and restores it on down.
export const AUDIT_APPEND_WITH_ADVISORY_LOCK = `
  CREATE OR REPLACE FUNCTION audit_append(
    p_chain_key text, p_case_id uuid, p_action text, p_actor_id text, p_outcome text,
    p_details jsonb, p_idempotency_key text, p_occurred_at timestamptz, p_canonical text
  ) RETURNS TABLE (out_seq bigint, out_hash bytea, out_inserted boolean)
  LANGUAGE plpgsql VOLATILE AS $$
  DECLARE
    v_seq bigint;
    v_prev bytea;
    v_hash bytea;
  BEGIN
    -- Serialises appends per chain until the caller's transaction ends. Each statement below
    -- takes a fresh snapshot (READ COMMITTED), so it sees the head the previous holder committed.
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_chain_key, 0));
    SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_records a
      WHERE a.chain_key = p_chain_key ORDER BY a.seq DESC LIMIT 1;
    IF NOT FOUND THEN
      v_seq := 0;
      v_prev := decode(repeat('00', 32), 'hex');
    END IF;
    v_seq := v_seq + 1;
    v_hash := sha256(v_prev || int8send(v_seq) || convert_to(p_canonical, 'UTF8'));
    INSERT INTO audit_records (chain_key, seq, case_id, action, actor_id, outcome, details,
                               idempotency_key, occurred_at, prev_hash, hash)
    VALUES (p_chain_key, v_seq, p_case_id, p_action, p_actor_id, p_outcome, p_details,
            p_idempotency_key, p_occurred_at, v_prev, v_hash)
    ON CONFLICT (idempotency_key) DO NOTHING;
    IF FOUND THEN
      RETURN QUERY SELECT v_seq, v_hash, true;
    ELSE
      -- Already appended (a retried projection): report the existing record, append nothing.
      RETURN QUERY SELECT a.seq, a.hash, false FROM audit_records a WHERE a.idempotency_key = p_idempotency_key;
    END IF;
  END $$`;

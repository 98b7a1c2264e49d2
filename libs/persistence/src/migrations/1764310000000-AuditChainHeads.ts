import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_APPEND_WITH_ADVISORY_LOCK } from './1764291000000-Audit';

const GENESIS = `'\\x${'00'.repeat(32)}'::bytea`;
const LAST_RECORDS = `SELECT DISTINCT ON (chain_key) chain_key, seq, prev_hash, hash FROM audit_records ORDER BY chain_key, seq DESC`;

// Each audit chain's head (its last seq, that record's prev_hash and hash) kept in a row, so an
// append is one plain SQL statement (libs/audit AuditWriter): move the head forward, insert the
// record. The head row's lock replaces the per-chain advisory lock and the plpgsql function.
//
// A case's chain keeps its head on the case's own row: the projection already updates that row
// for every transition, so the audit record costs no extra row write there (the plain insert of
// the record is all that is left; see bench/audit-projection.bench.ts). The global chain, and any
// chain whose case row does not exist, keep theirs in audit_chain_heads. The verifier compares
// every head with its chain's last record, so records cut from the end of a chain are caught too.
//
// Appends through the old audit_append() would leave the heads behind: stop instances of the
// previous version before running this migration (README "Upgrading").
export class AuditChainHeads1764310000000 implements MigrationInterface {
  name = 'AuditChainHeads1764310000000';

  async up(q: QueryRunner): Promise<void> {
    // No append may slip in between reading the heads and dropping the old function.
    await q.query(`LOCK TABLE audit_records IN ACCESS EXCLUSIVE MODE`);
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN audit_seq bigint NOT NULL DEFAULT 0 CHECK (audit_seq >= 0),
        ADD COLUMN audit_prev_hash bytea NOT NULL DEFAULT ${GENESIS},
        ADD COLUMN audit_hash bytea NOT NULL DEFAULT ${GENESIS}`);
    // Free room on each page for a row's next version, so head updates stay HOT.
    await q.query(`
      CREATE TABLE audit_chain_heads (
        chain_key text PRIMARY KEY,
        audit_seq bigint NOT NULL CHECK (audit_seq >= 0),
        audit_prev_hash bytea NOT NULL,
        audit_hash bytea NOT NULL
      ) WITH (fillfactor = 70)`);
    await q.query(`
      UPDATE cases c SET audit_seq = l.seq, audit_prev_hash = l.prev_hash, audit_hash = l.hash
      FROM (${LAST_RECORDS}) l WHERE l.chain_key = c.id::text`);
    await q.query(`
      INSERT INTO audit_chain_heads (chain_key, audit_seq, audit_prev_hash, audit_hash)
      SELECT chain_key, seq, prev_hash, hash FROM (${LAST_RECORDS}) l
      WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id::text = l.chain_key)`);
    await q.query(`
      INSERT INTO audit_chain_heads (chain_key, audit_seq, audit_prev_hash, audit_hash)
      VALUES ('global', 0, ${GENESIS}, ${GENESIS}) ON CONFLICT (chain_key) DO NOTHING`);
    // The application moves heads forward; it never adds or removes one.
    await q.query(`REVOKE ALL ON audit_chain_heads FROM comity_app`);
    await q.query(`GRANT SELECT, UPDATE ON audit_chain_heads TO comity_app`);
    await q.query(`REVOKE ALL ON audit_chain_heads FROM PUBLIC`);
    await q.query(`DROP FUNCTION audit_append(text, uuid, text, text, text, jsonb, text, timestamptz, text)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(AUDIT_APPEND_WITH_ADVISORY_LOCK);
    await q.query(`DROP TABLE audit_chain_heads`);
    await q.query(`ALTER TABLE cases DROP COLUMN audit_seq, DROP COLUMN audit_prev_hash, DROP COLUMN audit_hash`);
  }
}

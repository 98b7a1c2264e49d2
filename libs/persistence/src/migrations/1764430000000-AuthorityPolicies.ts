import type { MigrationInterface, QueryRunner } from 'typeorm';

// Authorities' own policies (their internal review periods, their house checklist), set by an
// administrator. Append-only like instrument_status_changes: the latest entry for an authority
// and key is in force, a `cleared` entry returns the key to the platform default, and the whole
// history stays for the audit. Every write bumps rules_revision, so each process's rules index
// picks the new policy up at its next evaluation.
export class AuthorityPolicies1764430000000 implements MigrationInterface {
  name = 'AuthorityPolicies1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE authority_policy_changes (
        id bigserial PRIMARY KEY,
        authority_id text NOT NULL,
        key text NOT NULL CHECK (key = 'house-templates' OR key LIKE 'deadline:%'),
        amount integer CHECK (amount IS NULL OR amount >= 0),
        unit text CHECK (unit IS NULL OR unit IN ('calendar', 'business', 'months')),
        templates jsonb,
        cleared boolean NOT NULL DEFAULT false,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        changed_by uuid REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX authority_policy_changes_latest ON authority_policy_changes (authority_id, key, id)`);
    await q.query(`
      CREATE FUNCTION authority_policy_changes_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'authority_policy_changes is append-only: % refused (record a new change instead)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER authority_policy_changes_no_update_delete BEFORE UPDATE OR DELETE ON authority_policy_changes
        FOR EACH ROW EXECUTE FUNCTION authority_policy_changes_refuse()`);
    await q.query(`
      CREATE TRIGGER authority_policy_changes_bump_revision AFTER INSERT OR UPDATE OR DELETE ON authority_policy_changes
        FOR EACH ROW EXECUTE FUNCTION rules_bump_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE authority_policy_changes`);
    await q.query(`DROP FUNCTION authority_policy_changes_refuse()`);
  }
}

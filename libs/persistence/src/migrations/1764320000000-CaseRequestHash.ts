import type { MigrationInterface, QueryRunner } from 'typeorm';

// The digest of the request that opened a case with an Idempotency-Key: a repeat of the key
// with another body is refused (422) instead of being answered with this case.
export class CaseRequestHash1764320000000 implements MigrationInterface {
  name = 'CaseRequestHash1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN request_hash text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN request_hash`);
  }
}

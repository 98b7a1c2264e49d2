import type { MigrationInterface, QueryRunner } from 'typeorm';

// Office references are chosen by people and may repeat across offices or be reused; a unique
// index made the projection of such a case fail forever. They stay indexed for search.
export class CaseReferenceNotUnique1764286000000 implements MigrationInterface {
  name = 'CaseReferenceNotUnique1764286000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_reference_key`);
    await q.query(`CREATE INDEX cases_reference_idx ON cases (reference)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_reference_idx`);
    await q.query(`CREATE UNIQUE INDEX cases_reference_key ON cases (reference) WHERE reference IS NOT NULL`);
  }
}

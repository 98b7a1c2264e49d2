import type { MigrationInterface, QueryRunner } from 'typeorm';

// How each deadline's period counts (calendar or business days, and whose holidays), so a case's
// countdown can say which it is and count business days where the law does. Deadlines planned
// before this keep null: their unit was not recorded, and they count as calendar days.
export class DeadlineUnit1764450000000 implements MigrationInterface {
  name = 'DeadlineUnit1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_deadlines ADD COLUMN unit text CHECK (unit IN ('calendar', 'business'))`);
    await q.query(`ALTER TABLE case_deadlines ADD COLUMN calendar_country text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN calendar_country`);
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN unit`);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseTransition } from '@comity/contracts';
import type { CaseActivities } from '../../../../workflows/src/case/case.activities';

@Injectable()
export class CaseRecordsActivities implements CaseActivities {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // One transaction per transition. The step row's primary key (case_id, seq) makes a retried
  // activity a no-op, so a crash between commit and completion never writes twice.
  async projectTransition(t: CaseTransition): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      if (t.seq === 0) {
        await em.query(
          `INSERT INTO cases (id, kind, requesting_state, requested_state, stage, outcome, last_seq, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, -1, $7, $7)
           ON CONFLICT (id) DO NOTHING`,
          [t.caseId, t.kind, t.requestingState, t.requestedState, t.toStage, t.outcome, t.at],
        );
      }
      const inserted: unknown[] = await em.query(
        `INSERT INTO case_steps (case_id, seq, from_stage, to_stage, action, actor_id, reason, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (case_id, seq) DO NOTHING
         RETURNING seq`,
        [t.caseId, t.seq, t.fromStage, t.toStage, t.action, t.actorId, t.reason, t.at],
      );
      if (inserted.length === 0) return;
      await em.query(
        `UPDATE cases SET stage = $2, outcome = $3, last_seq = $4, updated_at = $5
         WHERE id = $1 AND last_seq < $4`,
        [t.caseId, t.toStage, t.outcome, t.seq, t.at],
      );
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson } from '@comity/audit';
import type { Evaluation } from '@comity/treaty-rules';

/** Where submitted evaluations are kept; returns the id a case's submission refers to. */
export abstract class EvaluationStore {
  abstract keep(caseId: string, evaluation: Evaluation): Promise<string>;
}

// Content-addressed: the same evaluation kept twice (a retried activity) is one row.
@Injectable()
export class PgEvaluationStore extends EvaluationStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async keep(caseId: string, evaluation: Evaluation): Promise<string> {
    const id = createHash('sha256').update(`${caseId}\n${canonicalJson(evaluation)}`).digest('base64url');
    await this.dataSource.query(
      `INSERT INTO case_evaluations (id, case_id, data_version, evaluated_at, evaluation)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [id, caseId, evaluation.dataVersion, evaluation.evaluatedAt, JSON.stringify(evaluation)],
    );
    return id;
  }
}

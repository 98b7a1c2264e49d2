import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditWriter } from '@comity/audit';
import type { AuthUser } from '@comity/auth';
import {
  RulesDataStore,
  STATUS_CHANGE_COLUMNS,
  STATUS_CHANGE_ORDER,
  STATUS_CHANGE_SELECT,
  toStatusChange,
  type InstrumentStatusChange,
  type StatusChangeRow,
} from '@comity/rules-store';
import type { StatusPeriod } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import type { ChangeInstrumentStatusDto } from './dto/change-instrument-status.dto';
import { requireInstrument, statusAtView, type StatusAtView } from './rules-catalog.service';
import { currentIndex } from './rules-index';

export const STATUS_CHANGED_ACTION = 'rules.instrument_status_changed';
const NO_SOURCE = 'Administrator status change (no source given)';

export interface StatusChangeResult {
  change: InstrumentStatusChange;
  /** The timeline evaluations now see. */
  timeline: StatusPeriod[];
  statusAt: StatusAtView;
}

export interface StatusHistory {
  instrumentId: string;
  /** The periods of the loaded data file, before any change. */
  bundled: StatusPeriod[];
  /** Every administrator change, in effective order. */
  changes: InstrumentStatusChange[];
  timeline: StatusPeriod[];
}

// Administrators' instrument status changes: appended (never edited) together with their audit
// record in one transaction; every process's RulesDataStore sees them at its next evaluation.
@Injectable()
export class InstrumentStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: RulesDataStore,
    private readonly audit: AuditWriter,
  ) {}

  async change(
    admin: AuthUser,
    instrumentId: string,
    dto: ChangeInstrumentStatusDto,
  ): Promise<StatusChangeResult> {
    requireInstrument(await currentIndex(this.store), instrumentId);
    const confidence = dto.confidence ?? 'unconfirmed';
    if (confidence === 'confirmed' && !dto.source) {
      const message = "a 'confirmed' change needs its source";
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `source: ${message}`, [
        { field: 'source', messages: [message] },
      ]);
    }
    const change = await this.dataSource.transaction(async (em) => {
      const [row]: StatusChangeRow[] = await em.query(
        `INSERT INTO instrument_status_changes (instrument_id, status, effective_from, reason, source, article, confidence, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${STATUS_CHANGE_COLUMNS}`,
        [
          instrumentId,
          dto.status,
          dto.effectiveFrom,
          dto.reason,
          dto.source ?? NO_SOURCE,
          dto.article ?? null,
          confidence,
          admin.id,
        ],
      );
      const saved = toStatusChange(row);
      await this.audit.append(em, {
        caseId: null,
        action: STATUS_CHANGED_ACTION,
        actorId: admin.id,
        details: {
          instrumentId,
          changeId: saved.id,
          status: saved.status,
          effectiveFrom: saved.effectiveFrom,
          confidence: saved.confidence,
        },
        idempotencyKey: `rules:instrument-status-change:${saved.id}`,
      });
      return saved;
    });
    this.store.invalidate();
    const instrument = requireInstrument(await currentIndex(this.store), instrumentId);
    return { change, timeline: instrument.status, statusAt: statusAtView(instrument, change.effectiveFrom) };
  }

  async history(instrumentId: string): Promise<StatusHistory> {
    const instrument = requireInstrument(await currentIndex(this.store), instrumentId);
    const [bundled]: { status: StatusPeriod[] | null }[] = await this.dataSource.query(
      `SELECT i -> 'status' AS status FROM rules_documents d, jsonb_array_elements(d.content -> 'instruments') i
       WHERE d.name = 'instruments' AND i ->> 'id' = $1`,
      [instrumentId],
    );
    const rows: StatusChangeRow[] = await this.dataSource.query(
      `${STATUS_CHANGE_SELECT} WHERE instrument_id = $1 ${STATUS_CHANGE_ORDER}`,
      [instrumentId],
    );
    return {
      instrumentId,
      bundled: bundled?.status ?? [],
      changes: rows.map(toStatusChange),
      timeline: instrument.status,
    };
  }
}

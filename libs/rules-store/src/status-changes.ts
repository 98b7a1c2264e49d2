import type {
  Confidence,
  Instrument,
  InstrumentStatus,
  IsoDate,
  RulesData,
  StatusPeriod,
} from '@comity/treaty-rules';

/** An administrator's change of an instrument's status, as stored in instrument_status_changes. */
export interface InstrumentStatusChange {
  id: string;
  instrumentId: string;
  status: InstrumentStatus;
  effectiveFrom: IsoDate;
  reason: string;
  source: string;
  article: string | null;
  confidence: Confidence;
  changedBy: string | null;
  changedAt: string;
}

// Columns as StatusChangeRow reads them (also usable in RETURNING).
export const STATUS_CHANGE_COLUMNS = `id::text AS id, instrument_id, status,
  to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason, source, article, confidence, changed_by, changed_at`;

export const STATUS_CHANGE_SELECT = `SELECT ${STATUS_CHANGE_COLUMNS} FROM instrument_status_changes`;

// Effective order: by date, then by entry, so a later entry for the same day corrects an earlier one.
export const STATUS_CHANGE_ORDER = `ORDER BY effective_from, id`;

export interface StatusChangeRow {
  id: string;
  instrument_id: string;
  status: InstrumentStatus;
  effective_from: string;
  reason: string;
  source: string;
  article: string | null;
  confidence: Confidence;
  changed_by: string | null;
  changed_at: Date;
}

export function toStatusChange(r: StatusChangeRow): InstrumentStatusChange {
  return {
    id: r.id,
    instrumentId: r.instrument_id,
    status: r.status,
    effectiveFrom: r.effective_from,
    reason: r.reason,
    source: r.source,
    article: r.article,
    confidence: r.confidence,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
  };
}

export function statusChangeRuleId(change: Pick<InstrumentStatusChange, 'instrumentId' | 'id'>): string {
  return `${change.instrumentId}:status-change:${change.id}`;
}

// A change states the status from its date onwards: periods that start on or after it give way,
// the one running at that date is closed there, and the change runs open-ended until a later one.
export function applyStatusChange(
  periods: readonly StatusPeriod[],
  change: InstrumentStatusChange,
): StatusPeriod[] {
  const from = change.effectiveFrom;
  const before = periods
    .filter((p) => p.from === null || p.from < from)
    .map((p) => (p.to === undefined || p.to > from ? { ...p, to: from } : p));
  return [
    ...before,
    {
      id: statusChangeRuleId(change),
      from,
      status: change.status,
      text: change.reason,
      source: change.source,
      ...(change.article ? { article: change.article } : {}),
      confidence: change.confidence,
    },
  ];
}

export function compareStatusChanges(a: InstrumentStatusChange, b: InstrumentStatusChange): number {
  return a.effectiveFrom.localeCompare(b.effectiveFrom) || Number(BigInt(a.id) - BigInt(b.id));
}

// The status timeline an evaluation sees: the bundled periods with every change applied in
// effective order. Changes naming an instrument the data no longer has are returned as ignored.
export function withStatusChanges(
  data: RulesData,
  changes: readonly InstrumentStatusChange[],
): { data: RulesData; ignored: InstrumentStatusChange[] } {
  if (!changes.length) return { data, ignored: [] };
  const byInstrument = new Map<string, InstrumentStatusChange[]>();
  for (const c of [...changes].sort(compareStatusChanges)) {
    byInstrument.set(c.instrumentId, [...(byInstrument.get(c.instrumentId) ?? []), c]);
  }
  const known = new Set(data.instruments.instruments.map((i) => i.id));
  const ignored = changes.filter((c) => !known.has(c.instrumentId));
  const instruments = data.instruments.instruments.map((instrument): Instrument => {
    const own = byInstrument.get(instrument.id);
    return own ? { ...instrument, status: own.reduce(applyStatusChange, instrument.status) } : instrument;
  });
  return { data: { ...data, instruments: { ...data.instruments, instruments } }, ignored };
}

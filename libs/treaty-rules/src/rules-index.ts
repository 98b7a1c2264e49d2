import type { CaseKind } from '@comity/domain';
import { createHolidayCalendars, type HolidayCalendars } from './calendars';
import type {
  Authority,
  ContentTemplate,
  Instrument,
  InstrumentKind,
  Jurisdiction,
  PairNote,
  RulesData,
  Sourced,
} from './types';

// Ranking: bilateral before regional before multilateral before comity (letters rogatory).
export const TIER_ORDER: Record<Exclude<InstrumentKind, 'protocol'>, number> = {
  bilateral: 0,
  regional: 1,
  multilateral: 2,
  comity: 3,
};

export interface RulesIndex {
  readonly kindOf: 'rules-index';
  readonly data: RulesData;
  readonly version: string;
  readonly jurisdictions: ReadonlyMap<string, Jurisdiction>;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly templates: ReadonlyMap<string, ContentTemplate>;
  readonly authoritiesByJurisdiction: ReadonlyMap<string, readonly Authority[]>;
  readonly protocolsOf: ReadonlyMap<string, readonly Instrument[]>;
  readonly calendars: HolidayCalendars;
  /** Instruments that could govern `kind` between the two states, in ranking order. */
  candidatesFor(kind: CaseKind, requesting: string, requested: string): readonly Instrument[];
  /** The contiguity fact when the two states border each other. */
  contiguity(a: string, b: string): Sourced | undefined;
  pairNotes(kind: CaseKind, a: string, b: string): readonly PairNote[];
}

export function isRulesIndex(value: unknown): value is RulesIndex {
  return typeof value === 'object' && value !== null && (value as RulesIndex).kindOf === 'rules-index';
}

export function buildRulesIndex(data: RulesData): RulesIndex {
  const jurisdictions = new Map(data.jurisdictions.jurisdictions.map((j) => [j.code, j]));
  const instruments = new Map(data.instruments.instruments.map((i) => [i.id, i]));
  const templates = new Map(data.instruments.contentTemplates.map((t) => [t.id, t]));
  const authoritiesByJurisdiction = groupBy(data.authorities.authorities, (a) => a.jurisdiction);
  const protocolsOf = groupBy(
    data.instruments.instruments.filter((i) => i.kind === 'protocol' && i.supplements),
    (i) => i.supplements as string,
  );
  const ranked = data.instruments.instruments
    .filter((i) => i.kind !== 'protocol')
    .sort(
      (a, b) =>
        TIER_ORDER[a.kind as keyof typeof TIER_ORDER] - TIER_ORDER[b.kind as keyof typeof TIER_ORDER] ||
        (a.priority ?? 0) - (b.priority ?? 0) ||
        a.id.localeCompare(b.id),
    );

  const candidateCache = new Map<string, readonly Instrument[]>();
  const pairNoteCache = new Map<string, readonly PairNote[]>();
  // Only instruments that record both states (as parties, possibly unconfirmed, or as known
  // non-parties) are worth listing; anything else is noise for the drafter.
  const involves = (i: Instrument, a: string, b: string) => {
    const recorded = (s: string) => i.parties.some((p) => p.state === s) || (i.nonParties ?? []).some((p) => p.state === s);
    return i.openToAll === true || (recorded(a) && recorded(b));
  };

  return {
    kindOf: 'rules-index',
    data,
    version: [
      `jurisdictions@${data.jurisdictions.version}`,
      `authorities@${data.authorities.version}`,
      `instruments@${data.instruments.version}`,
      `holidays@${data.holidays.version}`,
    ].join('+'),
    jurisdictions,
    instruments,
    templates,
    authoritiesByJurisdiction,
    protocolsOf,
    calendars: createHolidayCalendars(data.holidays),
    candidatesFor(kind, requesting, requested) {
      const key = `${kind}|${requesting}|${requested}`;
      let list = candidateCache.get(key);
      if (!list) {
        list = ranked.filter((i) => i.scope.includes(kind) && involves(i, requesting, requested));
        candidateCache.set(key, list);
      }
      return list;
    },
    contiguity(a, b) {
      const fact = jurisdictions.get(a)?.contiguousWith;
      return fact?.codes.includes(b) ? fact : undefined;
    },
    pairNotes(kind, a, b) {
      const key = `${kind}|${a}|${b}`;
      let list = pairNoteCache.get(key);
      if (!list) {
        list = data.instruments.pairNotes.filter(
          (n) => n.states.includes(a) && n.states.includes(b) && (!n.kinds || n.kinds.includes(kind)),
        );
        pairNoteCache.set(key, list);
      }
      return list;
    },
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

import type { CaseKind } from '@comity/domain';
import { instrumentStatusAt, isListedParty, partyAt } from './instrument-status';
import { provenance, reason } from './provenance';
import type { RulesIndex } from './rules-index';
import type {
  Applicability,
  BasisCandidate,
  DraftOffence,
  Instrument,
  InstrumentCondition,
  InstrumentKind,
  Reason,
} from './types';

export interface BasisQuery {
  requestingState: string;
  requestedState: string;
  kind: CaseKind;
  offences: readonly DraftOffence[];
  date: Date | string;
  personSought?: { nationalities: readonly string[] };
}

const SEVERITY: Record<Applicability, number> = { applicable: 0, uncertain: 1, 'not-applicable': 2 };

class Verdict {
  applicability: Applicability = 'applicable';
  readonly reasons: Reason[] = [];

  add(r: Reason, outcome: Applicability = 'applicable'): void {
    this.reasons.push(r);
    if (SEVERITY[outcome] > SEVERITY[this.applicability]) this.applicability = outcome;
  }
}

export function findLegalBases(query: BasisQuery, index: RulesIndex): BasisCandidate[] {
  const applicableByTier = new Map<InstrumentKind, Instrument>();
  // Candidates come in ranking order, so a bilateral is always judged before the regional and
  // multilateral instruments that are subsidiary to it.
  return index.candidatesFor(query.kind, query.requestingState, query.requestedState).map((instrument, i) => {
    const candidate = judge(instrument, query, index, applicableByTier, i + 1);
    if (candidate.applicability === 'applicable' && !applicableByTier.has(instrument.kind)) {
      applicableByTier.set(instrument.kind, instrument);
    }
    return candidate;
  });
}

function judge(
  instrument: Instrument,
  query: BasisQuery,
  index: RulesIndex,
  applicableByTier: ReadonlyMap<InstrumentKind, Instrument>,
  rank: number,
): BasisCandidate {
  const verdict = new Verdict();
  if (instrument.notABasis) {
    verdict.add(reason('not-a-basis', instrument.notABasis.text, `${instrument.id}:not-a-basis`, instrument.notABasis), 'not-applicable');
  }

  const status = instrumentStatusAt(instrument, query.date);
  const statusOutcome: Applicability = status.usable
    ? status.confidence === 'unconfirmed'
      ? 'uncertain'
      : 'applicable'
    : status.status === 'unknown'
      ? 'uncertain'
      : 'not-applicable';
  verdict.add(reason(`status:${status.status}`, status.message, status.ruleId, status), statusOutcome);

  if (!instrument.openToAll) judgeParties(instrument, query, verdict);
  for (const condition of instrument.conditions ?? []) {
    if (!condition.kinds || condition.kinds.includes(query.kind)) {
      judgeCondition(instrument, condition, query, applicableByTier, verdict);
    }
  }
  judgeSubsidiarity(instrument, applicableByTier, verdict);

  const channel = instrument.channels?.find((c) => c.kind === query.kind);
  return {
    instrumentId: instrument.id,
    name: instrument.shortName,
    kind: instrument.kind,
    rank,
    applicability: verdict.applicability,
    status: status.status,
    reasons: verdict.reasons,
    supplementedBy: supplementsInForce(instrument, query, index),
    ...(channel
      ? {
          channel: {
            mode: channel.mode,
            text: channel.text,
            ruleId: channel.id ?? `${instrument.id}:channel:${query.kind}`,
            ...provenance(channel),
          },
        }
      : {}),
  };
}

function judgeParties(instrument: Instrument, query: BasisQuery, verdict: Verdict): void {
  for (const state of [query.requestingState, query.requestedState]) {
    const ruleId = `${instrument.id}:party:${state}`;
    const party = partyAt(instrument, state, query.date);
    if (party) {
      const outcome = party.confidence === 'unconfirmed' ? 'uncertain' : 'applicable';
      if (instrument.kind !== 'bilateral' || outcome !== 'applicable') {
        const since = party.from ? ` since ${party.from}` : '';
        const detail = party.note ? ` (${party.note})` : '';
        const message =
          outcome === 'uncertain'
            ? `${state}'s status as a party to ${instrument.shortName} is UNCONFIRMED${detail}`
            : `${state} is a party to ${instrument.shortName}${since}${detail}`;
        verdict.add(reason('party', message, ruleId, party), outcome);
      }
      continue;
    }
    const listed = isListedParty(instrument, state);
    const nonParty = instrument.nonParties?.find((p) => p.state === state);
    if (listed) {
      verdict.add(reason('not-yet-party', `${state} is a party to ${instrument.shortName} only from ${listed.from}`, ruleId, listed), 'not-applicable');
    } else if (nonParty) {
      verdict.add(reason('non-party', `${state} is not a party to ${instrument.shortName}`, ruleId, nonParty), 'not-applicable');
    } else {
      verdict.add(
        reason('non-party', `${state} is not a recorded party to ${instrument.shortName}`, ruleId, instrument),
        'not-applicable',
      );
    }
  }
}

function judgeCondition(
  instrument: Instrument,
  condition: InstrumentCondition,
  query: BasisQuery,
  applicableByTier: ReadonlyMap<InstrumentKind, Instrument>,
  verdict: Verdict,
): void {
  const ruleId = condition.id ?? `${instrument.id}:condition:${condition.type}`;
  const met = (message: string) => verdict.add(reason(`condition-met:${condition.type}`, message, ruleId, condition));
  const unmet = (message: string, outcome: Applicability = condition.whenUnmet) =>
    verdict.add(reason(`condition-unmet:${condition.type}`, message, ruleId, condition), outcome);

  switch (condition.type) {
    case 'offence-category': {
      const given = query.offences.flatMap((o) => o.categories ?? []);
      if (given.length === 0) return unmet(`Offence categories not given; ${condition.text}`, 'uncertain');
      const hit = condition.categories.find((c) => given.includes(c));
      return hit ? met(`Offence category '${hit}': ${condition.text}`) : unmet(condition.text);
    }
    case 'requested-state-accepts': {
      if (!condition.states.includes(query.requestedState)) return unmet(condition.text);
      const bilateral = applicableByTier.get('bilateral');
      if (condition.onlyWithoutBilateral && bilateral) {
        return unmet(`${condition.text}; ${bilateral.shortName} applies`, 'not-applicable');
      }
      return met(condition.text);
    }
    case 'requested-state':
      return condition.states.includes(query.requestedState) ? met(condition.text) : unmet(condition.text);
    case 'person-not-national-of-requested': {
      const nationalities = query.personSought?.nationalities;
      if (!nationalities) return unmet(`Nationality of the person sought not given; ${condition.text}`, 'uncertain');
      return nationalities.includes(query.requestedState) ? unmet(condition.text) : met(condition.text);
    }
  }
}

function judgeSubsidiarity(
  instrument: Instrument,
  applicableByTier: ReadonlyMap<InstrumentKind, Instrument>,
  verdict: Verdict,
): void {
  const rule = instrument.subsidiaryTo;
  if (!rule) return;
  const governing = rule.tiers.map((t) => applicableByTier.get(t)).find((i) => i !== undefined);
  const ruleId = rule.id ?? `${instrument.id}:subsidiarity`;
  if (governing) {
    verdict.add(reason('subsidiary', `${rule.text}: ${governing.shortName} governs`, ruleId, rule), 'not-applicable');
  } else {
    verdict.add(reason('subsidiary', `${rule.text}: no ${rule.tiers.join('/')} instrument applies`, ruleId, rule));
  }
}

function supplementsInForce(instrument: Instrument, query: BasisQuery, index: RulesIndex): string[] {
  return (index.protocolsOf.get(instrument.id) ?? [])
    .filter(
      (p) =>
        instrumentStatusAt(p, query.date).usable &&
        partyAt(p, query.requestingState, query.date) !== undefined &&
        partyAt(p, query.requestedState, query.date) !== undefined,
    )
    .map((p) => p.id);
}

export function chooseBasis(candidates: readonly BasisCandidate[], basisId?: string): BasisCandidate | null {
  if (basisId) {
    const picked = candidates.find((c) => c.instrumentId === basisId);
    if (picked && picked.applicability !== 'not-applicable') return picked;
  }
  return (
    candidates.find((c) => c.applicability === 'applicable') ??
    candidates.find((c) => c.applicability === 'uncertain') ??
    null
  );
}

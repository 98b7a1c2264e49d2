import { provenance } from './provenance';
import { addMonths, dayNumberOf } from './dates';
import { instrumentStatusAt, partyAt } from './instrument-status';
import type { RulesIndex } from './rules-index';
import type {
  BasisCandidate,
  DraftOffence,
  DraftRequest,
  Instrument,
  RefusalGround,
  RefusalGroundCode,
  Risk,
  RiskSeverity,
} from './types';

interface OwnedGround {
  ground: RefusalGround;
  ruleId: string;
  owner: string;
}

interface RiskContext {
  draft: DraftRequest;
  date: Date | string;
  index: RulesIndex;
  instrument?: Instrument;
  /** Grounds of the basis and of any protocol supplementing it between these parties. */
  treaty: OwnedGround[];
  /** Grounds of the requested state's own law (constitution, statutes). */
  domestic: OwnedGround[];
  isNational: boolean;
}

export function assessRefusalRisks(
  draft: DraftRequest,
  basis: BasisCandidate | null,
  index: RulesIndex,
  date: Date | string,
): Risk[] {
  const instrument = basis ? index.instruments.get(basis.instrumentId) : undefined;
  const ownGrounds = (owner: Instrument | undefined) =>
    (owner?.refusalGrounds ?? []).map((ground, i) => ({ ground, owner: owner!.shortName, ruleId: ground.id ?? `${owner!.id}:ground[${i}]` }));
  const treaty = [instrument, ...(basis?.supplementedBy ?? []).map((id) => index.instruments.get(id))]
    .flatMap(ownGrounds)
    .filter(({ ground }) => appliesTo(ground, draft));
  const requested = index.jurisdictions.get(draft.requestedState);
  const domestic = (requested?.refusalGrounds ?? [])
    .map((ground, i) => ({ ground, owner: requested!.name, ruleId: ground.id ?? `${requested!.code}:ground[${i}]` }))
    .filter(({ ground }) => appliesTo(ground, draft));
  const ctx: RiskContext = {
    draft,
    date,
    index,
    instrument,
    treaty,
    domestic,
    isNational: draft.personSought?.nationalities.includes(draft.requestedState) ?? false,
  };
  return (Object.keys(EVALUATORS) as RefusalGroundCode[]).flatMap((code) => EVALUATORS[code](ctx));
}

function appliesTo(ground: RefusalGround, draft: DraftRequest): boolean {
  return !ground.kinds || ground.kinds.includes(draft.kind);
}

type Evaluator = (ctx: RiskContext) => Risk[];

const EVALUATORS: Record<RefusalGroundCode, Evaluator> = {
  nationals: nationalsRisks,
  'death-penalty': deathPenaltyRisks,
  'dual-criminality': dualCriminalityRisks,
  'political-offence': flaggedOffence('political-offence', (o) => o.isPolitical === true, 'political'),
  'military-offence': flaggedOffence('military-offence', (o) => o.isMilitary === true, 'military'),
  'tax-offence': taxRisks,
  prescription: prescriptionRisks,
  specialty: conditionReminder('specialty'),
  'evidence-sufficiency': conditionReminder('evidence-sufficiency'),
  'non-bis-in-idem': () => [],
  'amnesty-pardon': () => [],
  'essential-interests': () => [],
};

function risk(code: Risk['code'], severity: RiskSeverity, message: string, owned: OwnedGround, mitigation?: string): Risk {
  const { ground, ruleId, owner } = owned;
  return {
    code,
    severity,
    message: `${owner}: ${message}`,
    ruleId,
    ...provenance(ground),
    ...(mitigation ? { mitigation } : {}),
  };
}

// A triggered ground with no recorded rule is itself a risk: the answer must not look clean just
// because the research is silent.
function noRuleRecorded(code: RefusalGroundCode, ctx: RiskContext, what: string): Risk {
  const owner = ctx.instrument?.shortName ?? 'No legal basis';
  return {
    code,
    severity: 'medium',
    message: `${owner}: no rule on ${what} is recorded for this instrument; check the treaty text`,
    ruleId: `${ctx.instrument?.id ?? 'none'}:${code}:unrecorded`,
    source: 'No rule on this ground was found in the instrument for this request',
    confidence: 'unconfirmed',
  };
}

function groundsFor(code: RefusalGroundCode, list: readonly OwnedGround[]): OwnedGround[] {
  return list.filter(({ ground }) => ground.ground === code);
}

function nationalsRisks(ctx: RiskContext): Risk[] {
  if (ctx.draft.kind !== 'extradition' || !ctx.isNational) return [];
  const state = ctx.draft.requestedState;
  const out: Risk[] = [];
  for (const owned of groundsFor('nationals', ctx.domestic)) out.push(domesticNationalsRisk(owned, ctx));
  for (const owned of groundsFor('nationals', ctx.treaty)) {
    const severity: RiskSeverity = owned.ground.effect === 'no-refusal' ? 'info' : 'medium';
    out.push(risk('nationals', severity, `person sought is a national of ${state}. ${owned.ground.text}`, owned));
  }
  if (out.length === 0) out.push(noRuleRecorded('nationals', ctx, `surrender of nationals of ${state}`));
  return out;
}

function domesticNationalsRisk(owned: OwnedGround, ctx: RiskContext): Risk {
  const { ground } = owned;
  const offences = ctx.draft.offences;
  switch (ground.policy) {
    case 'surrenders':
      return risk('nationals', 'info', ground.text, owned);
    case 'restricted': {
      const allowed = ground.allowedCategories ?? [];
      const hit = offences.some((o) => o.categories?.some((c) => allowed.includes(c)));
      return hit
        ? risk('nationals', 'medium', `offence is in an allowed category (${allowed.join(', ')}), subject to the conditions: ${ground.text}`, owned)
        : risk('nationals', 'high', `no offence is in an allowed category (${allowed.join(', ')}): ${ground.text}`, owned);
    }
    case 'conditional': {
      const outside = offences.filter(
        (o) => o.committedIn !== undefined && o.committedIn !== ctx.draft.requestingState && !o.categories?.includes('international-significance'),
      );
      const territorial = outside.length > 0 ? ` An offence was committed outside ${ctx.draft.requestingState} and is not flagged as of international significance.` : '';
      return risk('nationals', 'high', `${ground.text}.${territorial}`, owned, `Show that: ${(ground.conditions ?? []).join('; ')}`);
    }
    default:
      return risk('nationals', 'medium', ground.text, owned);
  }
}

function deathPenaltyRisks(ctx: RiskContext): Risk[] {
  if (!ctx.draft.offences.some((o) => o.deathPenaltyPossible)) return [];
  const assured = ctx.draft.deathPenaltyAssurances === true;
  const out: Risk[] = [];
  for (const owned of groundsFor('death-penalty', ctx.treaty)) {
    const { ground } = owned;
    if (ground.effect === 'condition') {
      out.push(risk('death-penalty', 'medium', ground.text, owned));
    } else {
      out.push(risk('death-penalty', assured ? 'low' : 'high', ground.text, owned, ground.mitigation?.text));
    }
  }
  for (const owned of groundsFor('death-penalty', ctx.domestic)) {
    if (owned.ground.onlyForNationals && !ctx.isNational) continue;
    out.push(risk('death-penalty', assured ? 'low' : 'high', owned.ground.text, owned, 'Give no-death-penalty guarantees'));
  }
  if (out.length === 0 && ctx.draft.kind === 'extradition') out.push(noRuleRecorded('death-penalty', ctx, 'the death penalty'));
  return out;
}

function dualCriminalityRisks(ctx: RiskContext): Risk[] {
  const out: Risk[] = [];
  for (const owned of groundsFor('dual-criminality', ctx.treaty)) {
    const { ground } = owned;
    ctx.draft.offences.forEach((o, i) => {
      const label = offenceLabel(o, i);
      if (o.punishableInRequestedState === false) {
        out.push(risk('dual-criminality', 'high', `${label} is not punishable in ${ctx.draft.requestedState}. ${ground.text}`, owned));
      }
      if (ground.minPenaltyYears !== undefined) {
        if (o.maxPenaltyYears === undefined) {
          out.push(risk('dual-criminality', 'medium', `${label}: maximum penalty not stated; at least ${ground.minPenaltyYears} year(s) required. ${ground.text}`, owned));
        } else if (o.maxPenaltyYears < ground.minPenaltyYears) {
          out.push(risk('dual-criminality', 'high', `${label}: maximum penalty ${o.maxPenaltyYears} year(s) is below the ${ground.minPenaltyYears}-year minimum. ${ground.text}`, owned));
        }
      }
      if (ground.minRemainingSentenceMonths !== undefined && o.remainingSentenceMonths !== undefined && o.remainingSentenceMonths < ground.minRemainingSentenceMonths) {
        out.push(risk('dual-criminality', 'high', `${label}: only ${o.remainingSentenceMonths} month(s) left to serve; at least ${ground.minRemainingSentenceMonths} required. ${ground.text}`, owned));
      }
    });
  }
  return out;
}

function flaggedOffence(code: RefusalGroundCode, flagged: (o: DraftOffence) => boolean, what: string): Evaluator {
  return (ctx) => {
    if (!ctx.draft.offences.some(flagged)) return [];
    const grounds = [...groundsFor(code, ctx.treaty), ...groundsFor(code, ctx.domestic)];
    if (grounds.length === 0) return ctx.draft.kind === 'extradition' ? [noRuleRecorded(code, ctx, `${what} offences`)] : [];
    return grounds.map((owned) => risk(code, owned.ground.effect === 'mandatory' ? 'high' : 'medium', owned.ground.text, owned));
  };
}

function taxRisks(ctx: RiskContext): Risk[] {
  if (!ctx.draft.offences.some((o) => o.isTax)) return [];
  const grounds = groundsFor('tax-offence', ctx.treaty);
  const noRefusal = grounds.find(({ ground }) => ground.effect === 'no-refusal');
  if (noRefusal) return [risk('tax-offence', 'info', `may not refuse because the offence is a tax offence. ${noRefusal.ground.text}`, noRefusal)];
  const discretionary = grounds.find(({ ground }) => ground.effect === 'discretionary');
  if (!discretionary) return [noRuleRecorded('tax-offence', ctx, 'tax (fiscal) offences')];
  const protocolId = discretionary.ground.exceptBetweenPartiesOf;
  const protocol = protocolId ? ctx.index.instruments.get(protocolId) : undefined;
  const outside = protocol ? nonParties(protocol, ctx) : [];
  const why = protocol ? ` (${outside.join(' and ')} not a party to ${protocol.shortName})` : '';
  return [risk('tax-offence', 'medium', `may refuse because the offence is a tax offence${why}. ${discretionary.ground.text}`, discretionary)];
}

function nonParties(protocol: Instrument, ctx: RiskContext): string[] {
  if (!instrumentStatusAt(protocol, ctx.date).usable) return [ctx.draft.requestingState, ctx.draft.requestedState];
  return [ctx.draft.requestingState, ctx.draft.requestedState].filter((s) => !partyAt(protocol, s, ctx.date));
}

function prescriptionRisks(ctx: RiskContext): Risk[] {
  const today = dayNumberOf(ctx.date);
  return groundsFor('prescription', ctx.treaty).flatMap((owned) => {
    const lawOf = owned.ground.lawOf;
    const law = lawOf === 'either' ? " under either state's law" : lawOf ? ` under the ${lawOf} state's law` : '';
    const barred = ctx.draft.offences
      .map((o, i) => ({ o, i }))
      .filter(({ o }) => o.offenceDate && o.limitationPeriodYears !== undefined && addMonths(dayNumberOf(o.offenceDate), o.limitationPeriodYears * 12) < today);
    if (barred.length > 0) {
      const list = barred.map(({ o, i }) => offenceLabel(o, i)).join(', ');
      return [risk('prescription', 'high', `${list} appear(s) time-barred by the stated limitation period. ${owned.ground.text}`, owned)];
    }
    return [risk('prescription', 'low', `check the limitation period${law}. ${owned.ground.text}`, owned)];
  });
}

function conditionReminder(code: RefusalGroundCode): Evaluator {
  return (ctx) => groundsFor(code, ctx.treaty).map((owned) => risk(code, 'info', owned.ground.text, owned));
}

function offenceLabel(o: DraftOffence, i: number): string {
  return `Offence ${i + 1}${o.code ? ` (${o.code})` : o.description ? ` (${o.description})` : ''}`;
}

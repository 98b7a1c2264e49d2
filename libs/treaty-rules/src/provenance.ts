import {
  WARNING_IMPACTS,
  type Confidence,
  type Nature,
  type Reason,
  type Sourced,
  type Warning,
  type WarningImpact,
} from './types';

const STRENGTH: Record<Confidence, number> = { confirmed: 3, secondary: 2, unconfirmed: 1, default: 0 };

export function weakest(...confidences: Confidence[]): Confidence {
  return confidences.reduce((a, b) => (STRENGTH[b] < STRENGTH[a] ? b : a), 'confirmed' as Confidence);
}

export function isConfirmed(fact: { confidence: Confidence }): boolean {
  return fact.confidence === 'confirmed';
}

/** 'default' facts are settings (policy); every other tag grades a fact of law. */
export function natureOf(confidence: Confidence): Exclude<Nature, 'input'> {
  return confidence === 'default' ? 'policy' : 'law';
}

/** The provenance fields every answer item carries: source, article and link where known, confidence. */
export function provenance(fact: Sourced, confidence = fact.confidence) {
  return {
    source: fact.source,
    ...(fact.article ? { article: fact.article } : {}),
    ...(fact.url ? { url: fact.url } : {}),
    confidence,
  };
}

export function reason(code: string, message: string, ruleId: string, fact: Sourced, confidence = fact.confidence): Reason {
  return { code, message, ruleId: fact.id ?? ruleId, ...provenance(fact, confidence) };
}

const LABEL: Record<'secondary' | 'unconfirmed', string> = {
  secondary: 'secondary source only [S]',
  unconfirmed: 'UNCONFIRMED',
};

type Provenance = Partial<Pick<Sourced, 'source' | 'article' | 'url'>>;

// The doubts of an answer: law it depends on that is only secondary or unconfirmed. Confirmed law
// needs no warning and a policy is not law, so neither is noted. One warning per rule (and per
// wording), ranked by what it could change for this request, the weaker tag first within a rank.
export class WarningCollector {
  private readonly byRule = new Map<string, Omit<Warning, 'rank'>>();
  private readonly messages = new Set<string>();

  note(ruleId: string, message: string, confidence: Confidence, affects: WarningImpact, fact: Provenance = {}): void {
    if (confidence !== 'secondary' && confidence !== 'unconfirmed') return;
    const labelled = message.includes(LABEL[confidence]) ? message : `${message} (${LABEL[confidence]})`;
    const existing = this.byRule.get(ruleId);
    // The same rule met again where it matters more keeps the more consequential impact.
    if (existing) {
      if (impactOrder(affects) < impactOrder(existing.affects)) existing.affects = affects;
      return;
    }
    if (this.messages.has(labelled)) return;
    this.messages.add(labelled);
    this.byRule.set(ruleId, {
      ruleId,
      message: labelled,
      confidence,
      affects,
      ...(fact.source ? { source: fact.source } : {}),
      ...(fact.article ? { article: fact.article } : {}),
      ...(fact.url ? { url: fact.url } : {}),
    });
  }

  fromReason(r: Reason, affects: WarningImpact): void {
    this.note(r.ruleId, r.message, r.confidence, affects, r);
  }

  list(): Warning[] {
    const entered = [...this.byRule.values()];
    return entered
      .map((w, order) => ({ w, order }))
      .sort(
        (a, b) =>
          impactOrder(a.w.affects) - impactOrder(b.w.affects) ||
          STRENGTH[a.w.confidence] - STRENGTH[b.w.confidence] ||
          a.order - b.order,
      )
      .map(({ w }, i) => ({ ...w, rank: i + 1 }));
  }
}

function impactOrder(impact: WarningImpact): number {
  return WARNING_IMPACTS.indexOf(impact);
}

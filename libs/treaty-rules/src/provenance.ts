import type { Confidence, Reason, Sourced, Warning } from './types';

const STRENGTH: Record<Confidence, number> = { confirmed: 3, secondary: 2, unconfirmed: 1, default: 0 };

export function weakest(...confidences: Confidence[]): Confidence {
  return confidences.reduce((a, b) => (STRENGTH[b] < STRENGTH[a] ? b : a), 'confirmed' as Confidence);
}

export function isConfirmed(fact: { confidence: Confidence }): boolean {
  return fact.confidence === 'confirmed';
}

export function reason(code: string, message: string, ruleId: string, fact: Sourced, confidence = fact.confidence): Reason {
  return {
    code,
    message,
    ruleId: fact.id ?? ruleId,
    source: fact.source,
    ...(fact.article ? { article: fact.article } : {}),
    confidence,
  };
}

const LABEL: Record<Confidence, string> = {
  confirmed: 'confirmed',
  secondary: 'secondary source only [S]',
  unconfirmed: 'UNCONFIRMED',
  default: 'engineering default, not law',
};

// Every answer that relies on a fact below [C] must say so; this collects those notices once per
// rule, in the order they were first used.
export class WarningCollector {
  private readonly byRule = new Map<string, Warning>();

  note(ruleId: string, message: string, confidence: Confidence): void {
    if (confidence === 'confirmed' || this.byRule.has(ruleId)) return;
    const labelled = message.includes(LABEL[confidence]) ? message : `${message} (${LABEL[confidence]})`;
    this.byRule.set(ruleId, { ruleId, message: labelled, confidence });
  }

  fromReason(r: { ruleId: string; message: string; confidence: Confidence }): void {
    this.note(r.ruleId, r.message, r.confidence);
  }

  list(): Warning[] {
    return [...this.byRule.values()];
  }
}

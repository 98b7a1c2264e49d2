// Drafts and statistics shared by the rules benchmarks, so every run measures the same drafts.
import type { DeadlineTrigger, DraftRequest, OffenceCategory } from '@comity/treaty-rules';

const STATES = ['MX', 'US', 'GT', 'HN', 'SV'];
const CATEGORIES: OffenceCategory[] = [
  'drug-trafficking',
  'terrorism',
  'organized-crime',
  'corruption',
  'money-laundering',
];
const TRIGGERS: DeadlineTrigger[] = [
  'provisional-arrest',
  'provisional-arrest-notified',
  'placed-at-disposal',
  'committal',
  'request-transmitted',
  'supplementary-information-requested',
  'preliminary-hearing',
];

// Deterministic PRNG so every run measures the same drafts.
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeDrafts(count: number, random: () => number): DraftRequest[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const isoDay = (fromYear: number, toYear: number) => {
    const start = Date.UTC(fromYear, 0, 1);
    return new Date(start + random() * (Date.UTC(toYear, 11, 31) - start)).toISOString();
  };
  return Array.from({ length: count }, () => {
    const requestingState = pick(STATES);
    const requestedState = pick(STATES.filter((s) => s !== requestingState));
    const event = isoDay(2024, 2026);
    return {
      requestingState,
      requestedState,
      kind: random() < 0.5 ? 'mla' : 'extradition',
      date: isoDay(2003, 2026).slice(0, 10),
      offences: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => ({
        code: `OFF-${i}`,
        maxPenaltyYears: random() < 0.2 ? undefined : Math.round(random() * 30 * 10) / 10,
        isTax: random() < 0.2,
        isPolitical: random() < 0.05,
        isMilitary: random() < 0.05,
        deathPenaltyPossible: random() < 0.1,
        categories: random() < 0.6 ? [pick(CATEGORIES)] : [],
        committedIn: pick(STATES),
      })),
      personSought: random() < 0.7 ? { nationalities: [pick(STATES)] } : undefined,
      requestingAuthority: random() < 0.8 ? 'Fiscalía' : undefined,
      subject: random() < 0.6 ? 'Investigation' : undefined,
      factsSummary: random() < 0.6 ? 'Facts' : undefined,
      assistanceSought: random() < 0.6 ? 'Records' : undefined,
      language: pick(['es', 'en']),
      events: Object.fromEntries(TRIGGERS.filter(() => random() < 0.4).map((t) => [t, event])),
      clockStops:
        random() < 0.2 ? [{ from: event.slice(0, 10), to: isoDay(2026, 2027).slice(0, 10) }] : undefined,
    };
  });
}

export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

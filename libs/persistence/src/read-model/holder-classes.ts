// Who holds a case, as delay reports count it: the six kinds of holder a request waits on. The
// machine's holder (role, side) says who must act; the stage says more (translation is done by
// the requesting central authority's translators, execution by the requested state's executing
// authorities, the judicial phase of an extradition by a court).

export const HOLDER_CLASSES = [
  'requesting_prosecutor',
  'requesting_central_authority',
  'translation',
  'requested_central_authority',
  'executing_authority',
  'court',
] as const;
export type HolderClass = (typeof HOLDER_CLASSES)[number];

interface HolderLike {
  role: string;
  side: string;
}

// Stages whose holder class the role and side alone do not tell, per case kind. A kind without
// an entry (or a stage without one) falls back to the rule below, so a new machine needs an
// entry only where its stages differ.
const STAGE_CLASSES: Record<string, Record<string, HolderClass>> = {
  mla: {
    translation: 'translation',
    under_execution: 'executing_authority',
  },
};

const COURT_STAGE = /court|judicial|hearing|committal|appeal|amparo/;

/** The holder class of a stage of a case kind, or null when no one holds it (closed). */
export function holderClassOf(kind: string, stage: string, holder: HolderLike | null): HolderClass | null {
  if (stage === 'closed' || !holder) return null;
  const byStage = STAGE_CLASSES[kind]?.[stage];
  if (byStage) return byStage;
  if (stage.includes('translation')) return 'translation';
  if (COURT_STAGE.test(stage)) return 'court';
  if (holder.side === 'requesting') {
    return holder.role === 'central_authority' ? 'requesting_central_authority' : 'requesting_prosecutor';
  }
  return holder.role === 'central_authority' ? 'requested_central_authority' : 'executing_authority';
}

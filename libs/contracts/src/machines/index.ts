import type { CaseMachine } from '../case/case-machine';
import type { CaseKindName } from '../case/case.types';
import { EXTRADITION_MACHINE } from './extradition.machine';
import { FOREIGN_PROSECUTION_MACHINE } from './foreign-prosecution.machine';
import { MLA_MACHINE } from './mla.machine';

export * from './drafting';
export * from './mla.machine';
export * from './extradition.machine';
export * from './foreign-prosecution.machine';

/** Every kind's machine: the kernel workflow, the worker and the api look a case's kind up here. */
export const CASE_MACHINES: Record<CaseKindName, CaseMachine> = {
  mla: MLA_MACHINE,
  extradition: EXTRADITION_MACHINE,
  foreign_prosecution: FOREIGN_PROSECUTION_MACHINE,
};

/** The machine of a case; cases from before the kernel carry no kind and are MLA. */
export function machineFor(kind: string | undefined | null): CaseMachine {
  const machine = (CASE_MACHINES as Record<string, CaseMachine | undefined>)[kind ?? 'mla'];
  if (!machine) throw new Error(`no machine for case kind ${String(kind)}`);
  return machine;
}

const unique = (values: string[]) => [...new Set(values)];
/** Every stage of every kind (for schemas and filters). */
export const CASE_STAGES = unique(Object.values(CASE_MACHINES).flatMap((m) => [...m.stages]));
/** Every action of every kind (for schemas and routes); a kind's own machine judges each. */
export const CASE_ACTIONS = unique(Object.values(CASE_MACHINES).flatMap((m) => Object.keys(m.actions)));

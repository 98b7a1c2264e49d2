import { allowedIn, contextOf, refusalIn, type CaseMachine } from '../case/case-machine';
import { CASE_MACHINES, machineFor } from './index';

// Every kind's machine must be complete on its own: the kernel, the worker and the api read
// nothing else about a kind.
describe.each(Object.values(CASE_MACHINES).map((m) => [m.kind, m] as [string, CaseMachine]))('the %s machine', (_kind, machine) => {
  const stages = new Set(machine.stages);

  it('should name a holder for every stage', () => {
    expect(machine.stages.filter((s) => !machine.holders[s])).toEqual([]);
  });

  it('should take actions only from, and deadlines only in, its own stages', () => {
    for (const [action, spec] of Object.entries(machine.actions)) {
      expect([action, spec.from.filter((s) => !stages.has(s))]).toEqual([action, []]);
      if (typeof spec.to === 'string') expect([action, stages.has(spec.to)]).toEqual([action, true]);
    }
    for (const [key, binding] of Object.entries(machine.deadlines)) {
      expect([key, [...binding.activeInStages, ...binding.pausedInStages].filter((s) => !stages.has(s))]).toEqual([key, []]);
      if (binding.breach.effect !== 'escalate') expect([key, stages.has(binding.breach.toStage)]).toEqual([key, true]);
    }
    expect(Object.keys(machine.triggers).filter((s) => !stages.has(s))).toEqual([]);
  });

  it('should let nobody act on a closed case', () => {
    const actor = { userId: 'u', roles: ['prosecutor', 'central_authority', 'supervisor'] as const, authorityId: null, jurisdiction: 'US' };
    expect(allowedIn(machine, { ...actor, roles: [...actor.roles] }, contextOf('closed', 'US', 'MX'))).toEqual([]);
  });
});

describe('machine lookup', () => {
  it('should treat a case without a kind (started before the kernel) as MLA', () => {
    expect(machineFor(undefined).kind).toBe('mla');
    expect(machineFor(undefined).workflowType).toBe('mlaRequestWorkflow');
  });

  it('should refuse an unknown kind', () => {
    expect(() => machineFor('letters_rogatory')).toThrow(/no machine/);
  });
});

describe('extradition action rules', () => {
  const ext = machineFor('extradition');
  const mxCentral = { userId: 'u', roles: ['central_authority' as const], authorityId: null, jurisdiction: 'MX' };
  const usCentral = { ...mxCentral, jurisdiction: 'US' };

  it('should let only the requested side record the arrest, with a valid instant', () => {
    const ctx = contextOf('provisional_arrest_requested', 'US', 'MX');
    expect(refusalIn(ext, { action: 'record_arrest', actor: usCentral, arrestedAt: '2026-12-03T06:40:00Z', place: 'X' }, ctx)?.kind).toBe('role');
    expect(refusalIn(ext, { action: 'record_arrest', actor: mxCentral, arrestedAt: 'yesterday', place: 'X' }, ctx)?.message).toMatch(/arrestedAt/);
    expect(refusalIn(ext, { action: 'record_arrest', actor: mxCentral, arrestedAt: '2026-12-03T06:40:00Z', place: 'X' }, ctx)).toBeNull();
  });

  it('should require grounds to refuse, and open an art. 4 case only when Mexico is asked', () => {
    const asMx = contextOf('executive_decision', 'US', 'MX');
    const asUs = contextOf('executive_decision', 'MX', 'US');
    expect(refusalIn(ext, { action: 'refuse', actor: mxCentral, reason: 'r', grounds: [] }, asMx)?.kind).toBe('input');
    expect(refusalIn(ext, { action: 'refuse', actor: mxCentral, reason: 'r', grounds: ['nationality'], domesticProsecution: true }, asMx)).toBeNull();
    expect(refusalIn(ext, { action: 'refuse', actor: usCentral, reason: 'r', grounds: ['x'], domesticProsecution: true }, asUs)?.message).toMatch(/MX only/);
  });

  it('should route admission to each requested state\'s judicial phase', () => {
    const to = ext.actions.admit_request.to as (ctx: ReturnType<typeof contextOf>) => string;
    expect(['MX', 'US', 'GT', 'SV', 'HN'].map((s) => to(contextOf('formal_request_received', 'XX', s)))).toEqual([
      'objections', 'extradition_hearing', 'court_hearing', 'supreme_court_review', 'supreme_court_review',
    ]);
  });
});

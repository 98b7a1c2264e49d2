import { CASE_KINDS } from '@comity/domain';
import { isIsoDate } from './dates';
import {
  AUTHORITY_KINDS,
  DEADLINE_POLICY_PREFIX,
  CONFIDENCES,
  DEADLINE_TRIGGERS,
  GROUND_EFFECTS,
  INSTRUMENT_KINDS,
  INSTRUMENT_STATUSES,
  PERIOD_UNITS,
  REFUSAL_GROUNDS,
  type DataProblem,
  type ParseResult,
  type RulesData,
} from './types';

const DESIGN_DOCUMENT = /legal-research\.md|product\.md|architecture\.md/;

type Obj = Record<string, unknown>;

// A hand-rolled checker: the data is edited by administrators (later through PostgreSQL), so every
// problem is reported with its path instead of stopping at the first one.
class Checker {
  readonly problems: DataProblem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'error' });
  }

  warn(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'warning' });
  }

  object(value: unknown, path: string): Obj | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
    this.error(path, 'must be an object');
    return undefined;
  }

  array(value: unknown, path: string, optional = false): unknown[] {
    if (value === undefined && optional) return [];
    if (Array.isArray(value)) return value;
    this.error(path, 'must be an array');
    return [];
  }

  string(o: Obj, key: string, path: string, optional = false): string | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.error(`${path}.${key}`, 'must be a non-empty string');
    return undefined;
  }

  oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path: string, optional = false): T | undefined {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.error(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
    return undefined;
  }

  subsetOf(o: Obj, key: string, allowed: readonly string[], path: string, optional = false): void {
    const list = this.array(o[key], `${path}.${key}`, optional);
    list.forEach((v, i) => {
      if (typeof v !== 'string' || !allowed.includes(v)) this.error(`${path}.${key}[${i}]`, `must be one of ${allowed.join(', ')}`);
    });
  }

  date(o: Obj, key: string, path: string, { optional = false, nullable = false } = {}): string | null | undefined {
    const v = o[key];
    if ((v === undefined && optional) || (v === null && nullable)) return v as null | undefined;
    if (isIsoDate(v)) return v;
    this.error(`${path}.${key}`, `must be a YYYY-MM-DD date${nullable ? ' or null' : ''}`);
    return undefined;
  }

  number(o: Obj, key: string, path: string, { optional = false, nullable = false } = {}): void {
    const v = o[key];
    if ((v === undefined && optional) || (v === null && nullable)) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.error(`${path}.${key}`, 'must be a non-negative number');
  }

  sourced(o: Obj, path: string): void {
    const source = this.string(o, 'source', path);
    // A fact cites the law, a treaty or an official record, never the project's own notes.
    if (source && DESIGN_DOCUMENT.test(source)) this.error(`${path}.source`, "must cite a law, treaty or official record, not the project's design documents");
    this.string(o, 'article', path, true);
    this.string(o, 'url', path, true);
    this.oneOf(o, 'confidence', CONFIDENCES, path);
  }

  unique(ids: (string | undefined)[], path: string): void {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (id === undefined) return;
      if (seen.has(id)) this.error(`${path}[${i}].id`, `duplicate id '${id}'`);
      seen.add(id);
    });
  }
}

export function parseRulesData(input: unknown): ParseResult {
  const c = new Checker();
  const root = c.object(input, '$');
  if (!root) return { ok: false, problems: c.problems };
  const files = ['jurisdictions', 'authorities', 'instruments', 'holidays'] as const;
  const parts = Object.fromEntries(files.map((f) => [f, c.object(root[f], `$.${f}`)])) as Record<(typeof files)[number], Obj | undefined>;
  for (const f of files) if (parts[f]) c.string(parts[f]!, 'version', `$.${f}`);

  const codes = parts.jurisdictions ? checkJurisdictions(c, parts.jurisdictions) : new Set<string>();
  if (parts.authorities) checkAuthorities(c, parts.authorities, codes);
  if (parts.instruments) checkInstruments(c, parts.instruments, codes);
  if (parts.holidays) checkHolidays(c, parts.holidays, codes);

  const ok = !c.problems.some((p) => p.severity === 'error');
  return ok ? { ok, data: input as RulesData, problems: c.problems } : { ok, problems: c.problems };
}

function checkJurisdictions(c: Checker, file: Obj): Set<string> {
  const list = c.array(file.jurisdictions, '$.jurisdictions.jurisdictions');
  const codes = new Set<string>();
  const borders = new Map<string, string[]>();
  list.forEach((raw, i) => {
    const path = `$.jurisdictions.jurisdictions[${i}]`;
    const j = c.object(raw, path);
    if (!j) return;
    const code = c.string(j, 'code', path);
    if (code && !/^[A-Z]{2}$/.test(code)) c.error(`${path}.code`, 'must be an ISO 3166-1 alpha-2 code');
    if (code && codes.has(code)) c.error(`${path}.code`, `duplicate jurisdiction '${code}'`);
    if (code) codes.add(code);
    c.string(j, 'name', path);
    const langs = c.object(j.officialLanguages, `${path}.officialLanguages`);
    if (langs) {
      c.array(langs.languages, `${path}.officialLanguages.languages`);
      c.sourced(langs, `${path}.officialLanguages`);
    }
    const contiguous = c.object(j.contiguousWith, `${path}.contiguousWith`);
    if (contiguous) {
      c.sourced(contiguous, `${path}.contiguousWith`);
      if (code) borders.set(code, c.array(contiguous.codes, `${path}.contiguousWith.codes`).filter((x): x is string => typeof x === 'string'));
    }
    c.array(j.refusalGrounds, `${path}.refusalGrounds`, true).forEach((g, k) => checkGround(c, g, `${path}.refusalGrounds[${k}]`));
    c.array(j.languageRules, `${path}.languageRules`, true).forEach((r, k) => checkNote(c, r, `${path}.languageRules[${k}]`));
    c.array(j.deadlines, `${path}.deadlines`, true).forEach((d, k) => checkDeadline(c, d, `${path}.deadlines[${k}]`));
    c.array(j.notes, `${path}.notes`, true).forEach((n, k) => checkNote(c, n, `${path}.notes[${k}]`));
  });
  for (const [code, neighbours] of borders) {
    for (const other of neighbours) {
      if (!codes.has(other)) c.warn(`$.jurisdictions(${code}).contiguousWith`, `'${other}' is not a known jurisdiction`);
      else if (!borders.get(other)?.includes(code)) c.error(`$.jurisdictions(${code}).contiguousWith`, `contiguity with '${other}' is not recorded on both sides`);
    }
  }
  return codes;
}

function checkAuthorities(c: Checker, file: Obj, codes: Set<string>): void {
  const list = c.array(file.authorities, '$.authorities.authorities');
  c.unique(list.map((a) => (a as Obj)?.id as string | undefined), '$.authorities.authorities');
  list.forEach((raw, i) => {
    const path = `$.authorities.authorities[${i}]`;
    const a = c.object(raw, path);
    if (!a) return;
    c.string(a, 'id', path);
    const code = c.string(a, 'jurisdiction', path);
    if (code && !codes.has(code)) c.error(`${path}.jurisdiction`, `unknown jurisdiction '${code}'`);
    c.string(a, 'name', path);
    c.oneOf(a, 'kind', AUTHORITY_KINDS, path);
    c.array(a.roles, `${path}.roles`).forEach((r, k) => {
      const role = c.object(r, `${path}.roles[${k}]`);
      if (!role) return;
      c.string(role, 'role', `${path}.roles[${k}]`);
      checkNote(c, role, `${path}.roles[${k}]`);
    });
    c.array(a.closures, `${path}.closures`, true).forEach((cl, k) => {
      const closure = c.object(cl, `${path}.closures[${k}]`);
      if (!closure) return;
      c.date(closure, 'from', `${path}.closures[${k}]`);
      c.date(closure, 'to', `${path}.closures[${k}]`);
      c.string(closure, 'reason', `${path}.closures[${k}]`);
      c.sourced(closure, `${path}.closures[${k}]`);
    });
    c.array(a.policies, `${path}.policies`, true).forEach((p, k) => {
      const policy = c.object(p, `${path}.policies[${k}]`);
      if (!policy) return;
      const key = c.string(policy, 'key', `${path}.policies[${k}]`);
      if (key && key !== 'house-templates' && !key.startsWith(DEADLINE_POLICY_PREFIX)) {
        c.error(`${path}.policies[${k}].key`, `must be 'house-templates' or '${DEADLINE_POLICY_PREFIX}<step>'`);
      }
      c.number(policy, 'amount', `${path}.policies[${k}]`, { optional: true });
      c.oneOf(policy, 'unit', PERIOD_UNITS, `${path}.policies[${k}]`, true);
    });
  });
}

function checkInstruments(c: Checker, file: Obj, codes: Set<string>): void {
  const templates = c.array(file.contentTemplates, '$.instruments.contentTemplates');
  const templateIds = new Set(templates.map((t) => (t as Obj)?.id).filter((id): id is string => typeof id === 'string'));
  templates.forEach((raw, i) => {
    const path = `$.instruments.contentTemplates[${i}]`;
    const t = c.object(raw, path);
    if (!t) return;
    c.string(t, 'id', path);
    c.array(t.items, `${path}.items`).forEach((it, k) => {
      const item = c.object(it, `${path}.items[${k}]`);
      if (!item) return;
      if (item.field === undefined && item.anyOf === undefined) c.error(`${path}.items[${k}]`, 'needs field or anyOf');
      c.oneOf(item, 'requirement', ['required', 'recommended'], `${path}.items[${k}]`);
      c.oneOf(item, 'check', ['text', 'list', 'true', 'present', 'persons'], `${path}.items[${k}]`);
      checkNote(c, item, `${path}.items[${k}]`);
    });
  });

  const list = c.array(file.instruments, '$.instruments.instruments');
  c.unique(list.map((x) => (x as Obj)?.id as string | undefined), '$.instruments.instruments');
  const ids = new Set(list.map((x) => (x as Obj)?.id).filter((id): id is string => typeof id === 'string'));
  list.forEach((raw, i) => {
    const path = `$.instruments.instruments[${i}]`;
    const inst = c.object(raw, path);
    if (!inst) return;
    c.string(inst, 'id', path);
    c.string(inst, 'name', path);
    c.string(inst, 'shortName', path);
    const kind = c.oneOf(inst, 'kind', INSTRUMENT_KINDS, path);
    c.subsetOf(inst, 'scope', CASE_KINDS, path);
    c.sourced(inst, path);
    if (kind === 'protocol' && (typeof inst.supplements !== 'string' || !ids.has(inst.supplements))) {
      c.error(`${path}.supplements`, 'a protocol must name the instrument it supplements');
    }
    const parties = c.array(inst.parties, `${path}.parties`);
    parties.forEach((p, k) => checkParty(c, p, `${path}.parties[${k}]`, codes));
    if (kind === 'bilateral' && parties.length !== 2) c.error(`${path}.parties`, 'a bilateral instrument has exactly two parties');
    c.array(inst.nonParties, `${path}.nonParties`, true).forEach((p, k) => checkParty(c, p, `${path}.nonParties[${k}]`, codes));
    checkStatusPeriods(c, c.array(inst.status, `${path}.status`), `${path}.status`);
    c.array(inst.conditions, `${path}.conditions`, true).forEach((cond, k) => {
      const o = c.object(cond, `${path}.conditions[${k}]`);
      if (!o) return;
      c.oneOf(o, 'type', ['offence-category', 'requested-state-accepts', 'requested-state', 'person-not-national-of-requested'], `${path}.conditions[${k}]`);
      c.oneOf(o, 'whenUnmet', ['not-applicable', 'uncertain'], `${path}.conditions[${k}]`);
      checkNote(c, o, `${path}.conditions[${k}]`);
    });
    c.array(inst.requiredContents, `${path}.requiredContents`, true).forEach((ref, k) => {
      const o = c.object(ref, `${path}.requiredContents[${k}]`);
      if (!o) return;
      c.oneOf(o, 'kind', CASE_KINDS, `${path}.requiredContents[${k}]`);
      c.sourced(o, `${path}.requiredContents[${k}]`);
      c.array(o.templates, `${path}.requiredContents[${k}].templates`).forEach((t, m) => {
        if (typeof t !== 'string' || !templateIds.has(t)) c.error(`${path}.requiredContents[${k}].templates[${m}]`, `unknown template '${String(t)}'`);
      });
    });
    c.array(inst.channels, `${path}.channels`, true).forEach((ch, k) => {
      const o = c.object(ch, `${path}.channels[${k}]`);
      if (!o) return;
      c.oneOf(o, 'mode', ['central-authority', 'diplomatic'], `${path}.channels[${k}]`);
      checkNote(c, o, `${path}.channels[${k}]`);
    });
    c.array(inst.refusalGrounds, `${path}.refusalGrounds`, true).forEach((g, k) => checkGround(c, g, `${path}.refusalGrounds[${k}]`, ids));
    c.array(inst.languageRules, `${path}.languageRules`, true).forEach((r, k) => checkNote(c, r, `${path}.languageRules[${k}]`));
    c.array(inst.deadlines, `${path}.deadlines`, true).forEach((d, k) => checkDeadline(c, d, `${path}.deadlines[${k}]`));
    c.array(inst.notes, `${path}.notes`, true).forEach((n, k) => checkNote(c, n, `${path}.notes[${k}]`));
  });

  const defaults = c.object(file.defaults, '$.instruments.defaults');
  if (defaults) {
    c.array(defaults.deadlines, '$.instruments.defaults.deadlines').forEach((d, k) => checkDeadline(c, d, `$.instruments.defaults.deadlines[${k}]`));
    c.array(defaults.alerts, '$.instruments.defaults.alerts').forEach((a, k) => checkNote(c, a, `$.instruments.defaults.alerts[${k}]`));
  }
  c.array(file.pairNotes, '$.instruments.pairNotes').forEach((n, k) => checkNote(c, n, `$.instruments.pairNotes[${k}]`));
}

function checkParty(c: Checker, raw: unknown, path: string, codes: Set<string>): void {
  const p = c.object(raw, path);
  if (!p) return;
  const state = c.string(p, 'state', path);
  if (state && !codes.has(state)) c.warn(`${path}.state`, `'${state}' is not a configured jurisdiction (recorded, not evaluated)`);
  c.date(p, 'from', path, { nullable: true });
  c.date(p, 'until', path, { optional: true });
  c.sourced(p, path);
}

function checkStatusPeriods(c: Checker, periods: unknown[], path: string): void {
  if (periods.length === 0) c.error(path, 'needs at least one status period');
  let previousEnd: string | undefined;
  periods.forEach((raw, k) => {
    const p = c.object(raw, `${path}[${k}]`);
    if (!p) return;
    const from = c.date(p, 'from', `${path}[${k}]`, { nullable: k === 0 });
    const to = c.date(p, 'to', `${path}[${k}]`, { optional: true });
    c.oneOf(p, 'status', INSTRUMENT_STATUSES, `${path}[${k}]`);
    c.date(p, 'effectiveOn', `${path}[${k}]`, { optional: true });
    c.sourced(p, `${path}[${k}]`);
    if (from && to && to <= from) c.error(`${path}[${k}]`, 'to must be after from');
    if (k > 0 && (typeof from !== 'string' || previousEnd === undefined || from < previousEnd)) {
      c.error(`${path}[${k}].from`, 'periods must be ordered, closed (with "to") and not overlap');
    }
    previousEnd = to ?? undefined;
  });
}

function checkGround(c: Checker, raw: unknown, path: string, instrumentIds?: Set<string>): void {
  const g = c.object(raw, path);
  if (!g) return;
  c.oneOf(g, 'ground', REFUSAL_GROUNDS, path);
  c.oneOf(g, 'effect', GROUND_EFFECTS, path);
  c.number(g, 'minPenaltyYears', path, { optional: true });
  c.number(g, 'minRemainingSentenceMonths', path, { optional: true });
  if (instrumentIds && typeof g.exceptBetweenPartiesOf === 'string' && !instrumentIds.has(g.exceptBetweenPartiesOf)) {
    c.error(`${path}.exceptBetweenPartiesOf`, `unknown instrument '${g.exceptBetweenPartiesOf}'`);
  }
  checkNote(c, g, path);
}

function checkDeadline(c: Checker, raw: unknown, path: string): void {
  const d = c.object(raw, path);
  if (!d) return;
  c.string(d, 'id', path);
  c.string(d, 'step', path);
  c.oneOf(d, 'trigger', DEADLINE_TRIGGERS, path);
  c.subsetOf(d, 'kinds', CASE_KINDS, path);
  c.number(d, 'amount', path, { nullable: true });
  c.oneOf(d, 'unit', PERIOD_UNITS, path);
  c.oneOf(d, 'calendar', ['requested', 'requesting'], path);
  c.oneOf(d, 'start', ['day-after-event', 'next-business-day'], path, true);
  c.oneOf(d, 'unitConfidence', CONFIDENCES, path, true);
  c.subsetOf(d, 'stopsOn', DEADLINE_TRIGGERS, path, true);
  checkNote(c, d, path);
  c.array(d.variants, `${path}.variants`, true).forEach((raw, k) => {
    const vpath = `${path}.variants[${k}]`;
    const v = c.object(raw, vpath);
    if (!v) return;
    c.oneOf(v, 'when', ['contiguous', 'urgent'], vpath);
    c.number(v, 'amount', vpath);
    c.oneOf(v, 'unit', PERIOD_UNITS, vpath);
    c.array(v.daysBefore, `${vpath}.daysBefore`, true).forEach((n, i) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) c.error(`${vpath}.daysBefore[${i}]`, 'must be a whole number of days');
    });
    checkNote(c, v, vpath);
  });
}

function checkNote(c: Checker, raw: unknown, path: string): void {
  const n = c.object(raw, path);
  if (!n) return;
  c.string(n, 'text', path);
  c.sourced(n, path);
}

function checkHolidays(c: Checker, file: Obj, codes: Set<string>): void {
  const policy = c.object(file.halfDayPolicy, '$.holidays.halfDayPolicy');
  if (policy) {
    c.oneOf(policy, 'policy', ['business-day', 'holiday'], '$.holidays.halfDayPolicy');
    c.sourced(policy, '$.holidays.halfDayPolicy');
  }
  const countries = c.array(file.countries, '$.holidays.countries');
  const covered = new Set<string>();
  countries.forEach((raw, i) => {
    const path = `$.holidays.countries[${i}]`;
    const country = c.object(raw, path);
    if (!country) return;
    const code = c.string(country, 'country', path);
    if (code) covered.add(code);
    const weekend = c.object(country.weekend, `${path}.weekend`);
    if (weekend) {
      c.sourced(weekend, `${path}.weekend`);
      c.array(weekend.days, `${path}.weekend.days`).forEach((d, k) => {
        if (typeof d !== 'number' || d < 0 || d > 6 || !Number.isInteger(d)) c.error(`${path}.weekend.days[${k}]`, 'must be 0 (Sunday) … 6 (Saturday)');
      });
    }
    c.array(country.corrections, `${path}.corrections`).forEach((corr, k) => {
      const o = c.object(corr, `${path}.corrections[${k}]`);
      if (!o) return;
      c.oneOf(o, 'op', ['add', 'remove'], `${path}.corrections[${k}]`);
      c.string(o, 'name', `${path}.corrections[${k}]`);
      c.sourced(o, `${path}.corrections[${k}]`);
      const rule = c.object(o.rule, `${path}.corrections[${k}].rule`);
      if (rule) c.oneOf(rule, 'type', ['fixed', 'fixed-list', 'easter', 'nth-weekday', 'range', 'every-n-years'], `${path}.corrections[${k}].rule`);
    });
  });
  for (const code of codes) if (!covered.has(code)) c.warn('$.holidays.countries', `no holiday calendar for '${code}': only weekends will be skipped`);
}

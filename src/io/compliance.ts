import path from 'node:path';
import { planFrom } from './plan.js';
import { InputError } from '../errors.js';
import { custom, date, FieldReader, int, isAbsent, isMapping, list, type YamlPath } from '../core/yaml-fields.js';
import { problemText } from '../ui/problem-text.js';
import { refusal } from './yaml-problems.js';
import { parseDisclosureRules, type DisclosureRules } from '../core/check/deadlines.js';
import { CASE_SPEC, toCase, type CaseRecord } from '../core/check/cases-spec.js';
import { planViewOf, type PlanView } from '../core/check/plan-view.js';

import { readLedger, type LedgerRead } from '../core/check/draws.js';
import { parseAnnualRule, type AnnualReportRule } from '../core/check/annual-report.js';
import type { IsoDate } from '../core/values.js';
import { readInputFile } from './files.js';
import { RULES_DIR } from './paths.js';
import { parseTableFile, type ReadOptions } from './tables.js';
import { loadYamlFile } from './yaml.js';

export const DEFAULT_DISCLOSURE = path.join(RULES_DIR, 'disclosure.yaml');

export async function loadDisclosureRules(file: string = DEFAULT_DISCLOSURE): Promise<DisclosureRules> {
  const src = await loadYamlFile(file);
  return parseDisclosureRules(src.data, src.problem, file);
}

export async function loadCases(file: string, opts: ReadOptions = {}): Promise<CaseRecord[]> {
  const bytes = await readInputFile(file);
  return (await parseTableFile(bytes, CASE_SPEC, file, opts)).rows.map(toCase);
}

export async function loadPlanView(file: string): Promise<PlanView> {
  const src = await loadYamlFile(file);
  return planViewOf(planFrom(src));
}

export async function loadLedger(file: string): Promise<LedgerRead> {
  return readLedger(await readInputFile(file), file);
}

/** compliance.yaml after validation: every path already resolved against the config's folder. */
export interface ComplianceConfig {
  file: string;
  asOf: IsoDate | null;
  warnDays: number;
  calendar: { region: string | null; files: string[] };
  disclosure: string;
  checks: {
    /** since: rows decided (opened) before it are history the office has already dealt with */
    deadlines?: { decisions: string; since: IsoDate | null };
    roster?: { inspectors: string; plan: string | null; warnDays: number };
    draws?: { ledger: string; plan: string };
    cases?: { cases: string; since: IsoDate | null };
    annual_report?: { year: number | null; publishedOn: IsoDate | null; rule: AnnualReportRule };
    /** 抽查结果公示: results entries of the ledger against the draws of the plan */
    results?: { ledger: string; plan: string; graceWorkingDays: number };
  };
}

const TOP = ['as_of', 'warn_days', 'calendar', 'disclosure', 'checks'];
const CHECKS: Record<string, string[]> = {
  deadlines: ['decisions', 'since'],
  roster: ['inspectors', 'plan', 'warn_days'],
  draws: ['ledger', 'plan'],
  cases: ['cases', 'since'],
  annual_report: ['year', 'published_on', 'deadline', 'spring_festival', 'before', 'roll_forward'],
  results: ['ledger', 'plan', 'grace_working_days'],
};

/**
 * compliance.yaml → the config, or exit 2 with every problem (compliance.* codes, docs/codes.md).
 * The annual-report rule keys are read by core/check/annual-report.ts, which still words its own.
 */
export async function loadComplianceConfig(file: string): Promise<ComplianceConfig> {
  const src = await loadYamlFile(file);
  const data = src.data;
  const r = new FieldReader(src, 'compliance');
  if (!isMapping(data)) {
    r.report([], 'compliance.root.mapping');
    throw new InputError(problemText(r.problems[0]!), r.problems);
  }
  const dir = path.dirname(file);
  const rel = (v: unknown) => path.resolve(dir, String(v));
  const DATE = date();
  const days = (dflt: number) => custom<number>((rr, v, p) => int({ min: 0, max: 365, code: 'compliance.days' }).read(rr, v, p) ?? dflt);
  // a file key: any value is a path relative to the config; a missing required one names the key
  const need = (o: Record<string, unknown>, k: string, p: YamlPath, required: boolean): string | null => {
    const v = o[k];
    if (isAbsent(v) || v === '') {
      if (required) r.report([...p, k], 'compliance.file.required', { key: k });
      return null;
    }
    return rel(v);
  };
  r.unknownKeys(data, TOP, []);
  const asOf = r.field(data, 'as_of', [], DATE) ?? null;
  const warnDays = r.field(data, 'warn_days', [], days(5)) ?? 5;
  const calendar = { region: null as string | null, files: [] as string[] };
  if (!isAbsent(data.calendar)) {
    const c = r.object(data.calendar, ['calendar'], { region: custom((_r, v) => (v ? String(v) : undefined)), files: list(custom((_r, v) => rel(v))) });
    if (c) calendar.region = c.region ?? null;
    if (c) calendar.files = c.files ?? [];
  }
  const disclosure = data.disclosure ? rel(data.disclosure) : DEFAULT_DISCLOSURE;
  const checks: ComplianceConfig['checks'] = {};
  if (!isMapping(data.checks) || Object.keys(data.checks).length === 0) r.report(['checks'], 'compliance.checks.missing');
  else {
    for (const [name, body] of Object.entries(data.checks)) {
      const p = ['checks', name];
      if (!(name in CHECKS)) {
        r.report(p, 'compliance.check.unknown', { check: name });
        continue;
      }
      if (body === false) continue;
      const o = isMapping(body) ? body : {};
      if (!isMapping(body) && body !== true && body !== null) r.report(p, 'compliance.mapping');
      r.unknownKeys(o, CHECKS[name]!, p);
      const since = () => r.field(o, 'since', p, DATE) ?? null;
      if (name === 'deadlines') checks.deadlines = { decisions: need(o, 'decisions', p, true) ?? '', since: since() };
      if (name === 'roster') checks.roster = { inspectors: need(o, 'inspectors', p, true) ?? '', plan: need(o, 'plan', p, false), warnDays: r.field(o, 'warn_days', p, days(30)) ?? 30 };
      if (name === 'draws') checks.draws = { ledger: need(o, 'ledger', p, true) ?? '', plan: need(o, 'plan', p, true) ?? '' };
      if (name === 'results') checks.results = { ledger: need(o, 'ledger', p, true) ?? '', plan: need(o, 'plan', p, true) ?? '', graceWorkingDays: r.field(o, 'grace_working_days', p, days(20)) ?? 20 };
      if (name === 'cases') checks.cases = { cases: need(o, 'cases', p, true) ?? '', since: since() };
      if (name === 'annual_report') {
        const year = r.field(o, 'year', p, int({ min: 1900, max: 2200, code: 'compliance.year' })) ?? null;
        // the annual rule's own reader pushes worded problems into the same list, in order
        const rule = parseAnnualRule({ deadline: o.deadline, spring_festival: o.spring_festival, before: o.before, roll_forward: o.roll_forward }, src.problem, p, r.problems);
        checks.annual_report = { year, publishedOn: r.field(o, 'published_on', p, DATE) ?? null, rule };
      }
    }
  }
  if (r.problems.length) throw refusal('compliance.invalid', r.problems, { origin: file });
  return { file, asOf, warnDays, calendar, disclosure, checks };
}

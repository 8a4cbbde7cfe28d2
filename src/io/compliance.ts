import path from 'node:path';
import { planFrom } from './plan.js';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { parseDisclosureRules, type DisclosureRules } from '../core/check/deadlines.js';
import { CASE_SPEC, toCase, type CaseRecord } from '../core/check/cases-spec.js';
import { planViewOf, type PlanView } from '../core/check/plan-view.js';

import { readLedger, type LedgerRead } from '../core/check/draws.js';
import { parseAnnualRule, type AnnualReportRule } from '../core/check/annual-report.js';
import { parseDate, type IsoDate } from '../core/values.js';
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

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TOP = ['as_of', 'warn_days', 'calendar', 'disclosure', 'checks'];
const CHECKS: Record<string, string[]> = {
  deadlines: ['decisions', 'since'],
  roster: ['inspectors', 'plan', 'warn_days'],
  draws: ['ledger', 'plan'],
  cases: ['cases', 'since'],
  annual_report: ['year', 'published_on', 'deadline', 'spring_festival', 'before', 'roll_forward'],
  results: ['ledger', 'plan', 'grace_working_days'],
};

export async function loadComplianceConfig(file: string): Promise<ComplianceConfig> {
  const src = await loadYamlFile(file);
  const t = m().check;
  const problems: Problem[] = [];
  const at = src.problem;
  const data = src.data;
  if (!isMap(data)) throw new InputError(m().io.yamlNotMapping, [at([], m().io.yamlNotMapping)]);
  const dir = path.dirname(file);
  const rel = (v: unknown) => path.resolve(dir, String(v));
  for (const k of Object.keys(data)) if (!TOP.includes(k)) problems.push(at([k], m().calendar.unknownKey(k, TOP)));
  const date = (v: unknown, p: (string | number)[]): IsoDate | null => {
    if (v === undefined || v === null || v === '') return null;
    const d = parseDate(String(v));
    if (d === undefined) problems.push(at(p, m().io.badDate, v));
    return d ?? null;
  };
  const days = (v: unknown, p: (string | number)[], dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 365) {
      problems.push(at(p, t.configBadNumber, v));
      return dflt;
    }
    return v;
  };
  const fileKey = (o: Record<string, unknown>, k: string, p: (string | number)[], required: boolean): string | null => {
    const v = o[k];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(at([...p, k], t.configFileRequired(k)));
      return null;
    }
    return rel(v);
  };
  const asOf = date(data.as_of, ['as_of']);
  const warnDays = days(data.warn_days, ['warn_days'], 5);
  const calendar = { region: null as string | null, files: [] as string[] };
  if (data.calendar !== undefined && data.calendar !== null) {
    if (!isMap(data.calendar)) problems.push(at(['calendar'], m().calendar.notMapping));
    else {
      for (const k of Object.keys(data.calendar)) if (k !== 'region' && k !== 'files') problems.push(at(['calendar', k], m().calendar.unknownKey(k, ['region', 'files'])));
      if (data.calendar.region) calendar.region = String(data.calendar.region);
      const files = data.calendar.files ?? [];
      if (!Array.isArray(files)) problems.push(at(['calendar', 'files'], m().calendar.notList));
      else calendar.files = files.map(rel);
    }
  }
  const disclosure = data.disclosure ? rel(data.disclosure) : DEFAULT_DISCLOSURE;
  const checks: ComplianceConfig['checks'] = {};
  if (!isMap(data.checks) || Object.keys(data.checks).length === 0) problems.push(at(['checks'], t.configMissingChecks));
  else {
    for (const [name, body] of Object.entries(data.checks)) {
      const p = ['checks', name];
      if (!(name in CHECKS)) {
        problems.push(at(p, t.configUnknownCheck(name)));
        continue;
      }
      if (body === false) continue;
      const o = isMap(body) ? body : {};
      if (!isMap(body) && body !== true && body !== null) problems.push(at(p, m().calendar.notMapping));
      for (const k of Object.keys(o)) if (!CHECKS[name]!.includes(k)) problems.push(at([...p, k], m().calendar.unknownKey(k, CHECKS[name]!)));
      if (name === 'deadlines') checks.deadlines = { decisions: fileKey(o, 'decisions', p, true) ?? '', since: date(o.since, [...p, 'since']) };
      if (name === 'roster') checks.roster = { inspectors: fileKey(o, 'inspectors', p, true) ?? '', plan: fileKey(o, 'plan', p, false), warnDays: days(o.warn_days, [...p, 'warn_days'], 30) };
      if (name === 'draws') checks.draws = { ledger: fileKey(o, 'ledger', p, true) ?? '', plan: fileKey(o, 'plan', p, true) ?? '' };
      if (name === 'results') {
        checks.results = { ledger: fileKey(o, 'ledger', p, true) ?? '', plan: fileKey(o, 'plan', p, true) ?? '', graceWorkingDays: days(o.grace_working_days, [...p, 'grace_working_days'], 20) };
      }
      if (name === 'cases') checks.cases = { cases: fileKey(o, 'cases', p, true) ?? '', since: date(o.since, [...p, 'since']) };
      if (name === 'annual_report') {
        let year: number | null = null;
        if (o.year !== undefined && o.year !== null) {
          if (typeof o.year !== 'number' || !Number.isInteger(o.year) || o.year < 1900 || o.year > 2200) problems.push(at([...p, 'year'], m().calendar.badYear, o.year));
          else year = o.year;
        }
        const rule = parseAnnualRule({ deadline: o.deadline, spring_festival: o.spring_festival, before: o.before, roll_forward: o.roll_forward }, at, p, problems);
        checks.annual_report = { year, publishedOn: date(o.published_on, [...p, 'published_on']), rule };
      }
    }
  }
  if (problems.length) throw new InputError(m().errors.problemCount(problems.length, file), problems);
  return { file, asOf, warnDays, calendar, disclosure, checks };
}

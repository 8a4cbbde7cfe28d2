import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { search as searchPrompt, input as inputPrompt, select as selectPrompt, confirm as confirmPrompt } from '@inquirer/prompts';
import type { Ctx } from '../context.js';
import { action } from '../cli.js';
import { InputError, UsageError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { problemText } from '../ui/problem-text.js';
import { closest, computePenalty, Refusal, RuleDefect, validateFacts, allFacts } from '../core/penalty/compute.js';
import { readCase } from '../core/penalty/case.js';
import { parseFactValue } from '../core/penalty/facts.js';
import { fenToYuanNumber } from '../core/penalty/money.js';
import { flagText, formatReason, outcomeText, resultJson, resultLines } from '../core/penalty/render.js';
import type { FactSpec, Party, Result, Rule } from '../core/penalty/types.js';
import { todayIso } from '../core/values.js';
import { formatCsv } from '../io/csv.js';
import { parseCsvFast } from '../io/fast-csv.js';
import { decodeText, parseInputEncoding, parseOutputEncoding, type InputEncoding, type OutputEncoding } from '../io/encoding.js';
import { readInputFile, writeFilesAtomic } from '../io/files.js';
import { buildWorkbook, isWorkbook, outputTargets, parseFormats, readPlainSheet } from '../io/xlsx.js';
import { DEMO } from '../io/paths.js';
import { requireRuleSet, type RuleSet } from '../io/rules.js';
import { loadYamlFile } from '../io/yaml.js';
import { confirmAnswer, listTheme } from '../ui/prompts.js';

interface PenaltyOpts {
  rule?: string;
  fact?: string[];
  org?: boolean;
  individual?: boolean;
  json?: boolean;
  case?: string;
  /** true: `--batch` without a file, which only --demo may fill */
  batch?: string | true;
  out?: string;
  force?: boolean;
  interactive?: boolean;
  rules?: string;
  demo?: boolean;
  encoding?: string;
  outEncoding?: string;
  sheet?: string;
  format?: string;
}

export function registerPenalty(program: Command, ctx: Ctx): void {
  const t = m().penalty.cmd;
  program
    .command('penalty')
    .description(t.description)
    .option('--rule <id>', t.optRule)
    .option('--fact <name=value>', t.optFact, (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--org', t.optOrg)
    .option('--individual', t.optIndividual)
    .option('--case <file>', t.optCase)
    .option('--batch [file]', t.optBatch)
    .option('--out <file>', t.optOut)
    .option('--force', m().opt.force)
    .option('--encoding <enc>', m().opt.encoding)
    .option('--out-encoding <enc>', m().opt.outEncoding)
    .option('--sheet <name|n>', m().xlsx.optSheet)
    .option('--format <csv|xlsx>', m().xlsx.optFormat)
    .option('--interactive', t.optInteractive)
    .option('--rules <dir>', t.optRules)
    .option('--json', m().opt.json)
    .option('--demo', t.optDemo)
    .action(action(ctx, (opts: PenaltyOpts) => runPenalty(ctx, opts)));
}

export function findRule(set: RuleSet, id: string): Rule {
  const rule = set.byId.get(id);
  if (!rule) throw new UsageError(m().penalty.cmd.unknownRule(id, closest(id, [...set.byId.keys()])));
  return rule;
}

async function runPenalty(ctx: Ctx, o: PenaltyOpts): Promise<number> {
  const t = m().penalty.cmd;
  if (o.demo && (o.rule !== undefined || o.case !== undefined || o.interactive || typeof o.batch === 'string')) throw new UsageError(t.demoMode);
  if (o.batch === true && !o.demo) throw new UsageError(t.batchNeedsFile);
  if (o.demo && o.batch === undefined) o = { ...o, case: DEMO.penaltyCase };
  const modes = [o.rule !== undefined, o.case !== undefined, o.batch !== undefined, o.interactive === true].filter(Boolean).length;
  if (modes === 0) throw new UsageError(t.needRule);
  if (modes > 1) throw new UsageError(t.oneMode);
  if (o.org && o.individual) throw new UsageError(t.orgAndIndividual);
  const factArgs = o.fact ?? [];
  if (factArgs.length && o.rule === undefined) throw new UsageError(t.factNeedsRule);
  if (o.interactive && !ctx.ui.interactive) throw new UsageError(t.notInteractive);
  if (o.batch !== undefined && o.out === undefined && !o.demo) throw new UsageError(t.batchNeedsOut);
  // the same encoding options as draw and check, for the batch CSV in and out
  const encodings = { in: parseInputEncoding(o.encoding), out: parseOutputEncoding(o.outEncoding), sheet: o.sheet, format: o.format };
  if (o.format !== undefined) parseFormats(o.format);
  const set = await requireRuleSet(o.rules === undefined ? undefined : path.resolve(ctx.cwd, o.rules));
  const today = todayIso(ctx.now);
  const party: Party = o.individual ? 'individual' : 'org';

  if (o.batch !== undefined) {
    if (!o.demo) return runBatch(ctx, set, path.resolve(ctx.cwd, o.batch as string), path.resolve(ctx.cwd, o.out!), o.force === true, today, encodings);
    const out = o.out !== undefined ? path.resolve(ctx.cwd, o.out) : path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-penalty-')), 'results.csv');
    const code = await runBatch(ctx, set, DEMO.penaltyCases, out, o.force === true, today, encodings);
    ctx.ui.err(m().io.demoNote(path.dirname(out)));
    return code;
  }
  if (o.interactive) return runInteractive(ctx, set, defaultPrompts, today);

  let rule: Rule;
  let raw: Record<string, unknown>;
  let caseParty = party;
  let file: string | undefined;
  if (o.case !== undefined) {
    file = path.resolve(ctx.cwd, o.case);
    const src = await loadYamlFile(file);
    const read = readCase(src.data, src);
    if (!read.case) throw new InputError(t.caseBad, read.problems);
    rule = findRule(set, read.case.rule);
    raw = read.case.facts;
    if (read.case.party === 'individual' && !o.org) caseParty = 'individual';
    const { result } = evaluateCase(rule, raw, caseParty, set, today, (fact) => ({ file, line: src.keyLineOf(['facts', fact]), key: `facts.${fact}` }));
    // on stderr, so that --demo --json still prints one JSON document
    if (o.demo) ctx.ui.err(m().io.demoNoteReadOnly);
    return print(ctx, result, rule, caseParty, o.json === true);
  }
  rule = findRule(set, o.rule!);
  raw = {};
  const problems: Problem[] = [];
  for (const arg of factArgs) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      problems.push({ value: arg, message: t.badFactArg(arg) });
      continue;
    }
    const name = arg.slice(0, eq).trim();
    if (name in raw) problems.push({ key: name, message: t.duplicateFact(name) });
    raw[name] = arg.slice(eq + 1);
  }
  if (problems.length) throw new InputError(problemText(problems[0]!), problems);
  const { result } = evaluateCase(rule, raw, party, set, today, (fact) => ({ key: `--fact ${fact}` }));
  return print(ctx, result, rule, party, o.json === true);
}

/** Validate then compute; every fact problem at once, a rule defect as the rule file's problem. */
export function evaluateCase(
  rule: Rule,
  raw: Record<string, unknown>,
  party: Party,
  set: RuleSet,
  today: string,
  where: (fact: string) => Partial<Problem>,
): { result: Result } {
  const { facts, problems } = validateFacts(rule, raw, today);
  if (problems.length) {
    const list = problems.map((p) => ({ ...where(p.fact), value: p.value, message: p.message }));
    throw new InputError(m().penalty.cmd.factsInvalid(list.length), list);
  }
  try {
    return { result: computePenalty(rule, facts, party, set.config) };
  } catch (e) {
    if (e instanceof RuleDefect) throw new InputError(e.message, [{ file: e.rule.file, line: e.line, message: e.message }]);
    if (e instanceof Refusal) {
      const msg = m().penalty.cmd.refused(e.rule.id, e.level, e.why);
      throw new InputError(msg, [{ file: e.rule.file, message: msg }]);
    }
    throw e;
  }
}

function print(ctx: Ctx, r: Result, rule: Rule, party: Party, json: boolean): number {
  if (json) ctx.ui.out(JSON.stringify(resultJson(r, rule, party), null, 2));
  else ctx.ui.out(resultLines(r, rule).join('\n'));
  return 0;
}

const RULE_COLUMNS = ['rule', '规则', '规则编号'];
const PARTY_COLUMNS = ['party', '当事人类型'];
const PARTY_VALUES = ['org', 'individual', '单位', '个人'];

async function runBatch(
  ctx: Ctx,
  set: RuleSet,
  file: string,
  out: string,
  force: boolean,
  today: string,
  enc: { in: InputEncoding; out: OutputEncoding; sheet?: string; format?: string } = { in: 'auto', out: 'utf8' },
): Promise<number> {
  const t = m().penalty.cmd;
  const c = t.csv;
  const targets = outputTargets(out, enc.format);
  const bytes = await readInputFile(file);
  const isRuleColumn = (h: string) => RULE_COLUMNS.includes(h.normalize('NFKC').trim().replace(/^\uFEFF/, '').toLowerCase());
  const table = isWorkbook(bytes, file)
    ? await readPlainSheet(bytes, file, {
        sheet: enc.sheet,
        warn: (s) => ctx.ui.warn(s),
        isHeader: (cells) => cells.some(isRuleColumn),
        columnKind: (h) => (/日期|_date$/i.test(h) ? 'date' : 'other'),
      })
    : parseCsvFast(decodeText(bytes, enc.in, file).text, file);
  const header = table.header.map((h) => h.normalize('NFKC').trim().replace(/^\uFEFF/, ''));
  const ruleCol = header.findIndex((h) => RULE_COLUMNS.includes(h.toLowerCase()));
  if (ruleCol < 0) throw new InputError(t.batchRuleColumn, [{ file, line: 1, message: t.batchRuleColumn }]);
  const partyCol = header.findIndex((h) => PARTY_COLUMNS.includes(h.toLowerCase()));
  // a column is a fact column if any rule (or the common set) knows it; others pass through untouched
  const factNames = new Set<string>();
  for (const r of set.rules) for (const f of allFacts(r)) factNames.add(f.name).add(f.label);
  // a reviewer signs from this sheet alone: the outcome in words, the basis, the reasons, and each flag
  // as yes / no / cannot judge with the rule that set it; 加付赔偿金 has its own columns, never 罚款's
  const outHeader = [...table.header, c.status, c.version, c.punishable, c.level, c.adjustment, c.bandMin, c.bandMax, c.compMin, c.compMax, c.personsMin, c.personsMax, c.lateFee, c.measures, c.basis, c.basisPending, c.reasons, c.dual, c.legal, c.hearing, c.criminal, c.message];
  const rows: string[][] = [];
  let ok = 0;
  let bad = 0;
  const num = (f: bigint | undefined | null) => (f === undefined || f === null ? '' : String(fenToYuanNumber(f)));
  for (const row of table.rows) {
    const cells = header.map((_, i) => row.cells[i] ?? '');
    try {
      const id = cells[ruleCol]!.trim();
      const rule = findRule(set, id);
      const partyRaw = partyCol >= 0 ? cells[partyCol]!.trim() : '';
      if (partyRaw !== '' && !PARTY_VALUES.includes(partyRaw)) throw new InputError(t.badParty(partyRaw), [{ file, line: row.line, column: header[partyCol], value: partyRaw, message: t.badParty(partyRaw) }]);
      const party: Party = ['individual', '个人'].includes(partyRaw) ? 'individual' : 'org';
      const raw: Record<string, unknown> = {};
      header.forEach((h, i) => {
        if (i === ruleCol || i === partyCol || !factNames.has(h)) return;
        if (cells[i]!.trim() !== '') raw[h] = cells[i];
      });
      const { result: r } = evaluateCase(rule, raw, party, set, today, (fact) => ({ file, line: row.line, column: fact }));
      const fine = r.punishable && r.nature === 'penalty';
      const comp = r.punishable && r.nature === 'order';
      const sep = m().penalty.out.clauseSep;
      rows.push([
        ...row.cells,
        c.ok,
        r.version,
        outcomeText(r),
        r.level ?? '',
        m().penalty.out.adj[r.adjustment] ?? '',
        fine ? num(r.band?.min) : '',
        fine ? num(r.band?.max) : '',
        comp ? num(r.band?.min) : '',
        comp ? num(r.band?.max) : '',
        r.punishable ? num(r.personsBand?.min) : '',
        r.punishable ? num(r.personsBand?.max) : '',
        num(r.lateFee),
        r.measures.map((x) => x.text).join('、'),
        r.basis.map((b) => `《${b.law}》${b.article}`).join(sep),
        r.basisPending ?? '',
        r.reasons.map((x) => formatReason(x, rule)).join(sep),
        flagText('dual', r, rule),
        flagText('legal', r, rule),
        flagText('hearing', r, rule),
        flagText('criminal', r, rule),
        '',
      ]);
      ok++;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const detail = e.problems.length ? e.problems.map((p) => `${p.column ?? p.key ?? ''}${p.column || p.key ? '：' : ''}${p.message}`).join('；') : e.message;
      const base = [...row.cells, ...Array<string>(Math.max(0, table.header.length - row.cells.length)).fill('')];
      rows.push([...base, c.error, ...Array<string>(outHeader.length - base.length - 2).fill(''), detail]);
      bad++;
    }
  }
  const files = [];
  if (targets.csv) files.push({ path: targets.csv, data: formatCsv(outHeader, rows, enc.out, targets.csv) });
  if (targets.xlsx) files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '裁量结果', header: outHeader, rows }], ctx.now) });
  await writeFilesAtomic(files, { force });
  ctx.ui.out(t.batchSummary(table.rows.length, ok, bad, files.map((f) => f.path).join('、')));
  return bad > 0 ? 1 : 0;
}

/** The prompt functions the interactive flow uses; tests hand in scripted ones. */
export interface Prompts {
  search: (cfg: { message: string; source: (term: string | undefined) => Promise<{ name: string; value: string; description?: string }[]> | { name: string; value: string; description?: string }[] }) => Promise<string>;
  select: (cfg: { message: string; choices: { name: string; value: string }[]; default?: string }) => Promise<string>;
  input: (cfg: { message: string; validate?: (v: string) => boolean | string; default?: string }) => Promise<string>;
  confirm: (cfg: { message: string; default?: boolean }) => Promise<boolean>;
}

export const defaultPrompts: Prompts = {
  search: (cfg) => searchPrompt({ ...cfg, ...listTheme() } as never) as Promise<string>,
  select: (cfg) => selectPrompt({ ...cfg, ...listTheme() } as never) as Promise<string>,
  input: (cfg) => inputPrompt(cfg as never),
  confirm: (cfg) => confirmPrompt({ ...cfg, ...confirmAnswer() }),
};

/** The facts the interactive flow asks: the rule's own, then the common ones that change outcomes. */
const ASKED_COMMON = ['act_date', 'act_end_date', 'discovered_date', 'decision_date', 'first_offense', 'minor', 'harm', 'corrected_in_time', 'mitigation', 'aggravating'];

export async function runInteractive(ctx: Ctx, set: RuleSet, p: Prompts, today: string): Promise<number> {
  const t = m().penalty.cmd;
  const choices = set.rules.map((r) => ({ name: `${r.name}（${r.id}）`, value: r.id, description: r.versions[r.versions.length - 1]?.basis.map((b) => `《${b.law}》${b.article}`).join('；') }));
  const id = await p.search({
    message: t.pickRule,
    source: (term) => {
      const q = (term ?? '').trim().toLowerCase();
      // the legal basis is searchable too: legal staff often know the article before the name
      return q ? choices.filter((c) => c.name.toLowerCase().includes(q) || (c.description ?? '').toLowerCase().includes(q)) : choices;
    },
  });
  const rule = findRule(set, id);
  const party = (await p.select({ message: t.pickParty, choices: [{ name: t.partyOrg, value: 'org' }, { name: t.partyIndividual, value: 'individual' }] })) as Party;
  const specs: FactSpec[] = [...rule.facts, ...allFacts(rule).filter((f) => ASKED_COMMON.includes(f.name))];
  const raw: Record<string, string> = {};
  for (const spec of specs) {
    const optional = !spec.required || spec.default !== undefined;
    let answer: string;
    if (spec.type === 'boolean' || spec.type === 'enum') {
      const opts = spec.type === 'boolean' ? [{ name: m().penalty.out.yes, value: 'true' }, { name: m().penalty.out.no, value: 'false' }] : (spec.values ?? []).map((v) => ({ name: v.label, value: v.key }));
      // the cursor starts on "not given": a preselected 没有危害后果 accepted with Enter would state a
      // fact nobody gave, and could turn the result into 不予处罚
      const first = { name: optional ? t.skip : t.choose, value: '' };
      answer = '';
      for (let tries = 0; ; tries++) {
        answer = await p.select({ message: t.askFact(spec.label, spec.unit, optional), choices: [first, ...opts], default: '' });
        if (answer !== '' || optional) break;
        if (tries >= 2) throw new UsageError(m().penalty.facts.missing(spec));
        ctx.ui.err(m().penalty.facts.missing(spec));
      }
    } else {
      answer = await p.input({
        message: t.askFact(spec.label, spec.unit, optional),
        default: spec.name === 'decision_date' ? today : undefined,
        validate: (v) => {
          if (v.trim() === '') return optional ? true : m().penalty.facts.missing(spec);
          const r = parseFactValue(spec, v);
          return 'error' in r ? m().penalty.facts.expected(spec, r.error) : true;
        },
      });
    }
    if (answer.trim() !== '') raw[spec.name] = answer.trim();
  }
  const { result } = evaluateCase(rule, raw, party, set, today, (fact) => ({ key: fact }));
  print(ctx, result, rule, party, false);
  if (await p.confirm({ message: t.saveCase, default: false })) {
    const file = path.resolve(ctx.cwd, await p.input({ message: t.savePath, default: `case-${rule.id}.yaml`, validate: (v) => v.trim() !== '' }));
    const doc = { rule: rule.id, party, facts: raw };
    await writeFilesAtomic([{ path: file, data: yamlStringify(doc) }]);
    ctx.ui.out(t.saved(file));
  }
  return 0;
}

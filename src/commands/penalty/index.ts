import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { action } from '../shared/action.js';
import { findRule } from '../shared/rule-lookup.js';
import { InputError, UsageError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { errorText, problemText } from '../../ui/problem-text.js';
import { allFacts } from '../../core/penalty/compute.js';
import { fenToYuanNumber } from '../../core/penalty/money.js';
import { flagText, formatReason, outcomeText } from '../../core/penalty/render.js';
import type { Party, Rule } from '../../core/penalty/types.js';
import { todayIso } from '../../core/values.js';
import { formatCsv } from '../../io/csv.js';
import { parseCsvFast } from '../../io/fast-csv.js';
import { decodeText, parseInputEncoding, parseOutputEncoding, type InputEncoding, type OutputEncoding } from '../../io/encoding.js';
import { readInputFile, writeFilesAtomic } from '../../io/files.js';
import { buildWorkbook, isWorkbook, outputTargets, parseFormats, readPlainSheet } from '../../io/xlsx.js';
import { DEMO } from '../../io/paths.js';
import { requireRuleSet, type RuleSet } from '../../io/rules.js';
import { loadYamlFile } from '../../io/yaml.js';
import { evaluateCase, print } from './evaluate.js';

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
  if (o.interactive) {
    // the prompt library is loaded only by the one mode that asks anything
    const { defaultPrompts, runInteractive } = await import('./interactive.js');
    return runInteractive(ctx, set, await defaultPrompts(), today);
  }

  let rule: Rule;
  let raw: Record<string, unknown>;
  let caseParty = party;
  let file: string | undefined;
  if (o.case !== undefined) {
    file = path.resolve(ctx.cwd, o.case);
    const src = await loadYamlFile(file);
    const d = src.data as Record<string, unknown> | null;
    if (!d || typeof d !== 'object' || Array.isArray(d) || typeof d.rule !== 'string') throw new InputError(t.caseBad, [src.problem(['rule'], t.caseBad)]);
    rule = findRule(set, d.rule);
    const f = d.facts ?? {};
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new InputError(t.caseBad, [src.problem(['facts'], t.caseBad)]);
    raw = f as Record<string, unknown>;
    if (d.party === 'individual' && !o.org) caseParty = 'individual';
    else if (d.party !== undefined && d.party !== 'org' && d.party !== 'individual') throw new InputError(t.caseBad, [src.problem(['party'], m().penalty.golden.badParty, d.party)]);
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
      const detail = e.problems.length ? e.problems.map((p) => `${p.column ?? p.key ?? ''}${p.column || p.key ? '：' : ''}${problemText(p)}`).join('；') : errorText(e);
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

import type { Ctx } from '../../context.js';
import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { problemText } from '../../ui/problem-text.js';
import { allFacts, closest, computePenalty, Refusal, RuleDefect, validateFacts } from '../../core/penalty/compute.js';
import { fenToYuanNumber } from '../../core/penalty/money.js';
import { outcomeText } from '../../ui/penalty-render.js';
import { batchTexts, cellText, joinedCsvCell, parseMemo, type CellText } from './batch-text.js';
import type { Party, Result, Rule } from '../../core/penalty/types.js';
import { csvCell, CsvWriter } from '../../io/csv.js';
import type { InputEncoding, OutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic } from '../../io/files.js';
import { checkBatchRows, readBatchTable } from '../../io/penalty-batch.js';
import type { RuleSet } from '../../io/rules.js';
import { buildWorkbook, outputTargets } from '../../io/xlsx.js';

const RULE_COLUMNS = ['rule', '规则', '规则编号'];
const PARTY_COLUMNS = ['party', '当事人类型'];
const PARTY_VALUES = ['org', 'individual', '单位', '个人'];

/** How an InputError's problems read in the 错误说明 column: "列：说明；列：说明", or its message. */
function detailOf(problems: readonly Problem[], message: string): string {
  return problems.length ? problems.map((p) => `${p.column ?? p.key ?? ''}${p.column || p.key ? '：' : ''}${problemText(p)}`).join('；') : message;
}

/**
 * `penalty --batch`: one result row per case, every case answered even when others fail. A failing
 * case's row says why; the command exits 1 when any case failed. Cases are validated and computed
 * exactly as `penalty --rule` does (evaluateCase), without an exception per failing case.
 */
export async function runBatch(
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
  const o = m().penalty.out;
  const targets = outputTargets(out, enc.format);
  const isRuleColumn = (h: string) => RULE_COLUMNS.includes(h.normalize('NFKC').trim().replace(/^\uFEFF/, '').toLowerCase());
  const table = await readBatchTable(file, { encoding: enc.in, sheet: enc.sheet, warn: (s) => ctx.ui.warn(s), isHeader: (cells) => cells.some(isRuleColumn) });
  const header = table.header.map((h) => h.normalize('NFKC').trim().replace(/^\uFEFF/, ''));
  const ruleCol = header.findIndex((h) => RULE_COLUMNS.includes(h.toLowerCase()));
  if (ruleCol < 0) throw new InputError(t.batchRuleColumn, [{ file, line: 1, message: t.batchRuleColumn }]);
  checkBatchRows(table, file);
  const partyCol = header.findIndex((h) => PARTY_COLUMNS.includes(h.toLowerCase()));
  // a column is a fact column if any rule (or the common set) knows it; others pass through untouched
  const factNames = new Set<string>();
  for (const r of set.rules) for (const f of allFacts(r)) factNames.add(f.name).add(f.label);
  const factCols: number[] = [];
  header.forEach((h, i) => {
    if (i !== ruleCol && i !== partyCol && factNames.has(h)) factCols.push(i);
  });
  // a reviewer signs from this sheet alone: the outcome in words, the basis, the reasons, and each flag
  // as yes / no / cannot judge with the rule that set it; 加付赔偿金 has its own columns, never 罚款's
  const outHeader = [...table.header, c.status, c.version, c.punishable, c.level, c.adjustment, c.bandMin, c.bandMax, c.compMin, c.compMax, c.personsMin, c.personsMax, c.lateFee, c.measures, c.basis, c.basisPending, c.reasons, c.dual, c.legal, c.hearing, c.criminal, c.message];
  const width = table.header.length;
  // the CSV is written as the cases are answered; rows are kept only for a workbook
  const csv = targets.csv ? new CsvWriter(outHeader, enc.out, targets.csv) : null;
  const rows: string[][] | null = targets.xlsx ? new Array(table.rows.length) : null;
  // UTF-8 records are written as text quoted cell by cell, each distinct result text quoted once;
  // a workbook, and GBK's cell-by-cell check, take the cells as they are
  const asText = csv !== null && enc.out === 'utf8';
  const asCells = rows !== null || (csv !== null && !asText);
  let text = '';
  let cells: string[] = [];
  const put = (raw: string) => {
    if (asText) text += ',' + csvCell(raw);
    if (asCells) cells.push(raw);
  };
  const putText = (x: CellText) => {
    if (asText) text += ',' + x.csv;
    if (asCells) cells.push(x.raw);
  };
  let ok = 0;
  let bad = 0;
  const num = (f: bigint | undefined | null) => put(f === undefined || f === null ? '' : String(fenToYuanNumber(f)));
  const parse = parseMemo();
  const { reason, flag } = batchTexts();
  // an unknown rule id is usually the same typo on many rows: its "did you mean" once
  const unknownRule = new Map<string, string>();
  const basisText = new Map<Result['basis'], CellText>();
  // versions, outcomes, levels, measures: few distinct texts
  const known = new Map<string, CellText>();
  const putKnown = (raw: string) => {
    let x = known.get(raw);
    if (x === undefined) {
      x = cellText(raw);
      if (known.size < 4096) known.set(raw, x);
    }
    putText(x);
  };
  const sep = cellText(o.clauseSep);
  const parts: CellText[] = [];

  /** The result's cells, or why the case has none. */
  const evaluate = (row: { line: number; cells: string[] }): string | undefined => {
    const cells = row.cells;
    const id = cells[ruleCol]!.trim();
    const rule = set.byId.get(id);
    if (!rule) {
      let msg = unknownRule.get(id);
      if (msg === undefined) unknownRule.set(id, (msg = t.unknownRule(id, closest(id, [...set.byId.keys()]))));
      return msg;
    }
    const partyRaw = partyCol >= 0 ? cells[partyCol]!.trim() : '';
    if (partyRaw !== '' && !PARTY_VALUES.includes(partyRaw)) return detailOf([{ column: header[partyCol], message: t.badParty(partyRaw) }], '');
    const party: Party = partyRaw === 'individual' || partyRaw === '个人' ? 'individual' : 'org';
    const raw: Record<string, unknown> = {};
    for (const i of factCols) if (cells[i]!.trim() !== '') raw[header[i]!] = cells[i];
    const { facts, problems } = validateFacts(rule, raw, today, parse);
    if (problems.length) return detailOf(problems.map((p) => ({ column: p.fact, message: problemText(p) })), '');
    let r: Result;
    try {
      r = computePenalty(rule, facts, party, set.config);
    } catch (e) {
      if (e instanceof RuleDefect) return problemText({ code: e.code, params: e.params });
      if (e instanceof Refusal) return t.refused(e.rule.id, e.level, e.why);
      throw e;
    }
    resultCells(r, rule);
    return undefined;
  };

  const resultCells = (r: Result, rule: Rule): void => {
    const fine = r.punishable && r.nature === 'penalty';
    const comp = r.punishable && r.nature === 'order';
    putText(okText);
    putKnown(r.version);
    putKnown(outcomeText(r));
    putKnown(r.level ?? '');
    putKnown(o.adj[r.adjustment] ?? '');
    if (fine) {
      num(r.band?.min);
      num(r.band?.max);
    } else put2();
    if (comp) {
      num(r.band?.min);
      num(r.band?.max);
    } else put2();
    if (r.punishable) {
      num(r.personsBand?.min);
      num(r.personsBand?.max);
    } else put2();
    num(r.lateFee);
    putKnown(r.measures.map((x) => x.text).join('、'));
    let basis = basisText.get(r.basis);
    if (basis === undefined) basisText.set(r.basis, (basis = cellText(r.basis.map((b) => `《${b.law}》${b.article}`).join(sep.raw))));
    putText(basis);
    putKnown(r.basisPending ?? '');
    parts.length = 0;
    for (let k = 0; k < r.reasons.length; k++) parts.push(reason(r.reasons[k]!, rule));
    if (asText) text += ',' + joinedCsvCell(parts, sep);
    if (asCells) cells.push(parts.map((x) => x.raw).join(sep.raw));
    putText(flag('dual', r, rule));
    putText(flag('legal', r, rule));
    putText(flag('hearing', r, rule));
    putText(flag('criminal', r, rule));
    put('');
  };
  const okText = cellText(c.ok);
  const put2 = () => {
    put('');
    put('');
  };

  // an error row: its status, the result's columns empty, and why
  const blanks = outHeader.length - width - 2;
  const errorText = cellText(c.error);
  for (let k = 0; k < table.rows.length; k++) {
    const row = table.rows[k]!;
    const input = row.cells;
    // the case's cells as read, cut to the header (cells beyond it are empty: checkBatchRows)
    if (asText) {
      text = csvCell(input[0]!);
      for (let j = 1; j < width; j++) text += ',' + csvCell(input[j]!);
    }
    if (asCells) cells = input.length === width ? input.slice() : input.slice(0, width);
    const why = evaluate(row);
    if (why !== undefined) {
      putText(errorText);
      for (let j = 0; j < blanks; j++) put('');
      put(why);
      bad++;
    } else ok++;
    if (csv) {
      if (asText) csv.escapedRow(text);
      else csv.row(cells);
    }
    if (rows) rows[k] = cells;
  }
  const files = [];
  if (targets.csv) files.push({ path: targets.csv, data: csv!.finishPieces() });
  if (targets.xlsx) files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '裁量结果', header: outHeader, rows: rows! }], ctx.now) });
  await writeFilesAtomic(files, { force });
  ctx.ui.out(t.batchSummary(table.rows.length, ok, bad, files.map((f) => f.path).join('、')));
  return bad > 0 ? 1 : 0;
}

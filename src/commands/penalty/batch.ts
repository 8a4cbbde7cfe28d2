import type { Ctx } from '../../context.js';
import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { problemText } from '../../ui/problem-text.js';
import { allFacts, closest, computePenalty, Refusal, RuleDefect, validateFacts } from '../../core/penalty/compute.js';
import { parseFactValue, type FactParse } from '../../core/penalty/facts.js';
import { fenToYuanNumber } from '../../core/penalty/money.js';
import { flagText, formatReason, outcomeText } from '../../ui/penalty-render.js';
import type { Comparison, FactSpec, Party, Reason, Result, Rule } from '../../core/penalty/types.js';
import { CsvWriter } from '../../io/csv.js';
import type { InputEncoding, OutputEncoding } from '../../io/encoding.js';
import { writeFilesAtomic } from '../../io/files.js';
import { checkBatchRows, readBatchTable } from '../../io/penalty-batch.js';
import type { RuleSet } from '../../io/rules.js';
import { buildWorkbook, outputTargets } from '../../io/xlsx.js';

const RULE_COLUMNS = ['rule', '规则', '规则编号'];
const PARTY_COLUMNS = ['party', '当事人类型'];
const PARTY_VALUES = ['org', 'individual', '单位', '个人'];

/** Distinct cell values parsed per fact (dates, flags and counts repeat); money mostly does not, hence the cap. */
const PARSE_CACHE_LIMIT = 4096;

/** parseFactValue, once per distinct value of each fact: parse results are primitives and bigints, safe to share. */
function parseMemo(): (spec: FactSpec, value: unknown) => FactParse {
  const bySpec = new Map<FactSpec, Map<string, FactParse>>();
  return (spec, value) => {
    // amounts seldom repeat: a cache would only fill up
    if (typeof value !== 'string' || spec.type === 'money') return parseFactValue(spec, value);
    let cache = bySpec.get(spec);
    if (!cache) bySpec.set(spec, (cache = new Map()));
    let r = cache.get(value);
    if (r === undefined) {
      r = parseFactValue(spec, value);
      if (cache.size < PARSE_CACHE_LIMIT) cache.set(value, r);
    }
    return r;
  };
}

/** Texts kept per kind of reason: the distinct values of an amount are many, of a flag or a date few. */
const TEXT_CACHE_LIMIT = 4096;

/**
 * formatReason, once per rule and distinct reason for the kinds whose text depends only on the
 * fields in the key (most of a row's reasons: the version chosen, the conditions of the level that
 * held, "cannot judge 第三十三条: missing …"). Other kinds are rendered every time.
 */
function reasonMemo(): (x: Reason, rule: Rule) => string {
  const byRule = new Map<Rule, { texts: Map<string, string>; leaves: Map<Comparison, Map<string, string>> }>();
  const cached = (texts: Map<string, string>, key: string, x: Reason, rule: Rule): string => {
    let s = texts.get(key);
    if (s === undefined) {
      s = formatReason(x, rule);
      if (texts.size < TEXT_CACHE_LIMIT) texts.set(key, s);
    }
    return s;
  };
  return (x, rule) => {
    let memo = byRule.get(rule);
    if (!memo) byRule.set(rule, (memo = { texts: new Map(), leaves: new Map() }));
    switch (x.kind) {
      case 'condition': {
        let texts = memo.leaves.get(x.leaf);
        if (!texts) memo.leaves.set(x.leaf, (texts = new Map()));
        return cached(texts, `${typeof x.actual}\u0000${String(x.actual)}\u0000${x.held}`, x, rule);
      }
      case 'version':
        return cached(memo.texts, `version\u0000${x.chosen}\u0000${x.other === undefined ? '\u0001' : x.other}\u0000${x.why}`, x, rule);
      case 'exemptionUndetermined':
        return cached(memo.texts, `exemption\u0000${x.missing.join('\u0000')}`, x, rule);
      case 'measureUndetermined':
        return cached(memo.texts, `measure\u0000${x.measure}\u0001${x.missing.join('\u0000')}`, x, rule);
      case 'criminal':
        return cached(memo.texts, `criminal\u0000${x.value}\u0000${x.missing.join('\u0000')}\u0001${x.basis.join('\u0000')}`, x, rule);
      case 'orderFirst':
        return cached(memo.texts, `orderFirst\u0000${x.ignored}`, x, rule);
      case 'limitationUnchecked':
      case 'exemptShall':
      case 'exemptionNotApplicable':
      case 'reducedNoFloor':
      case 'fineOptional':
        return cached(memo.texts, x.kind, x, rule);
      default:
        return formatReason(x, rule);
    }
  };
}

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
  let ok = 0;
  let bad = 0;
  const num = (f: bigint | undefined | null) => (f === undefined || f === null ? '' : String(fenToYuanNumber(f)));
  const parse = parseMemo();
  const reason = reasonMemo();
  // an unknown rule id is usually the same typo on many rows: its "did you mean" once
  const unknownRule = new Map<string, string>();
  const basisText = new Map<Result['basis'], string>();
  const sep = o.clauseSep;

  const evaluate = (row: { line: number; cells: string[] }): string[] | string => {
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
    return resultCells(r, rule);
  };

  const resultCells = (r: Result, rule: Rule): string[] => {
    const fine = r.punishable && r.nature === 'penalty';
    const comp = r.punishable && r.nature === 'order';
    let basis = basisText.get(r.basis);
    if (basis === undefined) basisText.set(r.basis, (basis = r.basis.map((b) => `《${b.law}》${b.article}`).join(sep)));
    let reasons = '';
    for (let k = 0; k < r.reasons.length; k++) reasons += (k ? sep : '') + reason(r.reasons[k]!, rule);
    return [
      c.ok,
      r.version,
      outcomeText(r),
      r.level ?? '',
      o.adj[r.adjustment] ?? '',
      fine ? num(r.band?.min) : '',
      fine ? num(r.band?.max) : '',
      comp ? num(r.band?.min) : '',
      comp ? num(r.band?.max) : '',
      r.punishable ? num(r.personsBand?.min) : '',
      r.punishable ? num(r.personsBand?.max) : '',
      num(r.lateFee),
      r.measures.map((x) => x.text).join('、'),
      basis,
      r.basisPending ?? '',
      reasons,
      flagText('dual', r, rule),
      flagText('legal', r, rule),
      flagText('hearing', r, rule),
      flagText('criminal', r, rule),
      '',
    ];
  };

  const blanks = outHeader.length - width - 2;
  for (let k = 0; k < table.rows.length; k++) {
    const row = table.rows[k]!;
    const got = evaluate(row);
    // the case's cells as read, cut to the header (cells beyond it are empty: checkBatchRows)
    const line = row.cells.length === width ? row.cells.slice() : row.cells.slice(0, width);
    if (typeof got === 'string') {
      line.push(c.error);
      for (let j = 0; j < blanks; j++) line.push('');
      line.push(got);
      bad++;
    } else {
      for (const cell of got) line.push(cell);
      ok++;
    }
    csv?.row(line);
    if (rows) rows[k] = line;
  }
  const files = [];
  if (targets.csv) files.push({ path: targets.csv, data: csv!.finish() });
  if (targets.xlsx) files.push({ path: targets.xlsx, data: await buildWorkbook([{ name: '裁量结果', header: outHeader, rows: rows! }], ctx.now) });
  await writeFilesAtomic(files, { force });
  ctx.ui.out(t.batchSummary(table.rows.length, ok, bad, files.map((f) => f.path).join('、')));
  return bad > 0 ? 1 : 0;
}

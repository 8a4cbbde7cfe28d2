import type { Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { problemText } from '../../ui/problem-text.js';
import { closest, computePenalty, factColumns, Refusal, RuleDefect, validateFactCells, validateFacts, type FactColumns } from '../../core/penalty/compute.js';
import { fenToYuanNumber } from '../../core/penalty/money.js';
import type { Measure, Party, Result, Rule } from '../../core/penalty/types.js';
import { outcomeKey, outcomeText } from '../../ui/penalty-render.js';
import type { RuleSet } from '../../io/rules.js';
import { batchTexts, cellText, parseMemo, type CellText, type RecordBytes } from './batch-text.js';

const PARTY_VALUES = ['org', 'individual', '单位', '个人'];

/** How an InputError's problems read in the 错误说明 column: "列：说明；列：说明", or its message. */
function detailOf(problems: readonly Problem[], message: string): string {
  return problems.length ? problems.map((p) => `${p.column ?? p.key ?? ''}${p.column || p.key ? '：' : ''}${problemText(p)}`).join('；') : message;
}

/** What answering a case needs besides the rule set, the same in every thread (it crosses to a worker as data). */
export interface BatchPlan {
  /** the header as matched: NFKC, trimmed, without a BOM */
  header: string[];
  /** the header's length: a case's cells beyond it are empty (checkBatchRows) and not written */
  width: number;
  ruleCol: number;
  partyCol: number;
  factCols: number[];
  /** the result's columns after 计算结果 and before 错误说明 */
  blanks: number;
  today: string;
}

/** A case's record as UTF-8 CSV bytes (cells through csvCell), as cells, or both; `answer` writes them. */
export interface Answerer {
  /** answers the case; true when it has a result, false when the row says why not */
  answer(input: readonly string[]): boolean;
  cells: string[];
}

/**
 * Answers cases one by one, exactly as `penalty --rule` does (evaluateCase), without an exception
 * per failing case. Each distinct result text is rendered and quoted once (batch-text.ts).
 */
export function batchAnswerer(set: RuleSet, plan: BatchPlan, out: RecordBytes | null, asCells: boolean): Answerer {
  const t = m().penalty.cmd;
  const c = t.csv;
  const o = m().penalty.out;
  const { header, width, ruleCol, partyCol, factCols, blanks, today } = plan;
  const self: Answerer = { answer, cells: [] };
  const put = (raw: string) => {
    if (out) out.raw(raw);
    if (asCells) self.cells.push(raw);
  };
  const putText = (x: CellText) => {
    if (out) out.cell(x);
    if (asCells) self.cells.push(x.raw);
  };
  const num = (f: bigint | undefined | null) => put(f === undefined || f === null ? '' : String(fenToYuanNumber(f)));
  const parse = parseMemo();
  const { reason, flag } = batchTexts();
  // an unknown rule id is usually the same typo on many rows: its "did you mean" once
  const unknownRule = new Map<string, string>();
  const basisText = new Map<Result['basis'], CellText>();
  // versions, outcomes, levels, measures: few distinct texts
  const known = new Map<string, CellText>();
  const knownText = (raw: string) => {
    let x = known.get(raw);
    if (x === undefined) {
      x = cellText(raw);
      if (known.size < 4096) known.set(raw, x);
    }
    return x;
  };
  const putKnown = (raw: string) => putText(knownText(raw));
  // a level's measures are one array on every case whose measures have no condition (measuresOfLevel):
  // their text is joined once per array
  const measuresText = new Map<readonly Measure[], CellText>();
  const measures = (list: readonly Measure[]): CellText => {
    let x = measuresText.get(list);
    if (x === undefined) {
      x = knownText(list.map((m) => m.text).join('、'));
      if (measuresText.size < 4096) measuresText.set(list, x);
    }
    return x;
  };
  // each of outcomeText's phrases once (outcomeKey); a phrase that lists the measures once per measure list
  const outcomes: (CellText | undefined)[] = [];
  const noBandOutcomes = [new Map<readonly Measure[], CellText>(), new Map<readonly Measure[], CellText>()];
  const outcome = (r: Result): CellText => {
    const code = outcomeKey(r);
    if (code === null) {
      const map = noBandOutcomes[r.exemption === 'may' ? 1 : 0]!;
      let x = map.get(r.measures);
      if (x === undefined) {
        x = knownText(outcomeText(r));
        if (map.size < 4096) map.set(r.measures, x);
      }
      return x;
    }
    return (outcomes[code] ??= knownText(outcomeText(r)));
  };
  const sep = cellText(o.clauseSep);
  const okText = cellText(c.ok);
  const errorText = cellText(c.error);
  const parts: CellText[] = [];
  // each rule's view of the fact columns; null: the rule needs the record (validateFactCells)
  const columnsOf = new Map<Rule, FactColumns | null>();
  /** The case as validateFacts reads it: each fact column's header with its cell, when not blank. */
  const record = (cells: readonly string[]) => {
    const raw: Record<string, unknown> = {};
    for (const i of factCols) if (cells[i]!.trim() !== '') raw[header[i]!] = cells[i];
    return raw;
  };

  /** Puts the result's cells, or returns why the case has none. */
  function evaluate(cells: readonly string[]): string | undefined {
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
    let columns = columnsOf.get(rule);
    if (columns === undefined) columnsOf.set(rule, (columns = factColumns(rule, header, factCols)));
    const { facts, problems } = (columns && validateFactCells(rule, columns, cells, today, parse)) ?? validateFacts(rule, record(cells), today, parse);
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
  }

  // a reviewer signs from this sheet alone: the outcome in words, the basis, the reasons, and each flag
  // as yes / no / cannot judge with the rule that set it; 加付赔偿金 has its own columns, never 罚款's
  function resultCells(r: Result, rule: Rule): void {
    const fine = r.punishable && r.nature === 'penalty';
    const comp = r.punishable && r.nature === 'order';
    putText(okText);
    putKnown(r.version);
    putText(outcome(r));
    putKnown(r.level ?? '');
    putKnown(o.adj[r.adjustment] ?? '');
    num(fine ? r.band?.min : undefined);
    num(fine ? r.band?.max : undefined);
    num(comp ? r.band?.min : undefined);
    num(comp ? r.band?.max : undefined);
    num(r.punishable ? r.personsBand?.min : undefined);
    num(r.punishable ? r.personsBand?.max : undefined);
    num(r.lateFee);
    putText(measures(r.measures));
    let basis = basisText.get(r.basis);
    if (basis === undefined) basisText.set(r.basis, (basis = cellText(r.basis.map((b) => `《${b.law}》${b.article}`).join(sep.raw))));
    putText(basis);
    putKnown(r.basisPending ?? '');
    parts.length = 0;
    for (let k = 0; k < r.reasons.length; k++) parts.push(reason(r.reasons[k]!, rule));
    if (out) out.joined(parts, sep);
    if (asCells) self.cells.push(parts.map((x) => x.raw).join(sep.raw));
    putText(flag('dual', r, rule));
    putText(flag('legal', r, rule));
    putText(flag('hearing', r, rule));
    putText(flag('criminal', r, rule));
    put('');
  }

  function answer(input: readonly string[]): boolean {
    // the case's cells as read, cut to the header (cells beyond it are empty: checkBatchRows)
    if (out) {
      out.first(input[0]!);
      for (let j = 1; j < width; j++) out.raw(input[j]!);
    }
    if (asCells) self.cells = input.length === width ? input.slice() : input.slice(0, width);
    const why = evaluate(input);
    if (why === undefined) {
      out?.end();
      return true;
    }
    // an error row: its status, the result's columns empty, and why
    putText(errorText);
    for (let j = 0; j < blanks; j++) put('');
    put(why);
    out?.end();
    return false;
  }
  return self;
}

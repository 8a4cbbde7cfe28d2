import type { Command } from 'commander';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { action } from '../shared/action.js';
import { addOptions, common, described, opt, type OptionsOf } from '../shared/options.js';
import { findRule } from '../shared/rule-lookup.js';
import { InputError, UsageError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { problemText } from '../../ui/problem-text.js';
import { readCase } from '../../core/penalty/case.js';
import type { Party, Rule } from '../../core/penalty/types.js';
import { todayIso } from '../../core/values.js';
import { parseInputEncoding, parseOutputEncoding } from '../../io/encoding.js';
import { parseFormats } from '../../io/xlsx.js';
import { DEMO } from '../../io/paths.js';
import { requireRuleSet } from '../../io/rules.js';
import { evaluateCase, print } from './evaluate.js';
import { prestartBatchHelper, runBatch } from './batch.js';

const t = () => m().penalty.cmd;

const PENALTY_OPTIONS = [
  opt({ flags: '--rule <id>', key: 'rule', description: () => t().optRule }),
  // repeatable: one fact per --fact
  opt({ flags: '--fact <name=value>', key: 'fact', description: () => t().optFact, parse: (v, acc: string[] | undefined) => [...(acc ?? []), v] }),
  opt({ flags: '--org', key: 'org', description: () => t().optOrg }),
  opt({ flags: '--individual', key: 'individual', description: () => t().optIndividual }),
  opt({ flags: '--case <file>', key: 'case', description: () => t().optCase }),
  // true: `--batch` without a file, which only --demo may fill
  opt({ flags: '--batch [file]', key: 'batch', description: () => t().optBatch }),
  opt({ flags: '--out <file>', key: 'out', description: () => t().optOut }),
  common.force,
  common.encoding,
  common.outEncoding,
  common.sheet,
  common.format,
  opt({ flags: '--interactive', key: 'interactive', description: () => t().optInteractive }),
  opt({ flags: '--rules <dir>', key: 'rules', description: () => t().optRules }),
  common.json,
  described(common.demo, () => t().optDemo),
] as const;

type PenaltyOpts = OptionsOf<typeof PENALTY_OPTIONS>;

export function registerPenalty(program: Command, ctx: Ctx): void {
  addOptions(program.command('penalty').description(t().description), PENALTY_OPTIONS).action(action(ctx, (opts: PenaltyOpts) => runPenalty(ctx, opts)));
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
  const encodings = { in: o.encoding ?? parseInputEncoding(undefined), out: o.outEncoding ?? parseOutputEncoding(undefined), sheet: o.sheet, format: o.format };
  if (o.format !== undefined) parseFormats(o.format);
  // a large batch's worker thread starts now, so that its start-up overlaps reading the rule set
  const helper = typeof o.batch === 'string' && !o.demo ? prestartBatchHelper(ctx, path.resolve(ctx.cwd, o.batch), path.resolve(ctx.cwd, o.out!), encodings) : null;
  let set;
  try {
    set = await requireRuleSet(o.rules === undefined ? undefined : path.resolve(ctx.cwd, o.rules));
  } catch (e) {
    helper?.release();
    throw e;
  }
  const today = todayIso(ctx.now);
  const party: Party = o.individual ? 'individual' : 'org';

  if (o.batch !== undefined) {
    if (!o.demo) return runBatch(ctx, set, path.resolve(ctx.cwd, o.batch as string), path.resolve(ctx.cwd, o.out!), o.force === true, today, encodings, helper);
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
    const { loadYamlFile } = await import('../../io/yaml.js');
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


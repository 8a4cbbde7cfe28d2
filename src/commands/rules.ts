import type { Command } from 'commander';
import path from 'node:path';
import type { Ctx } from '../context.js';
import { action } from './shared/action.js';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { COMMON_FACTS } from '../core/penalty/facts.js';
import { runGoldenCase } from '../core/penalty/golden.js';
import { formatFactValue } from '../core/penalty/render.js';
import { formatRatio } from '../core/penalty/money.js';
import type { Condition, FactSpec, Measure, Rule, StatutoryBand, LevelBand } from '../core/penalty/types.js';
import { todayIso } from '../core/values.js';
import { loadGoldenCases, loadRuleSet, requireRuleSet } from '../io/rules.js';
import { renderTable } from '../ui/text.js';
import { findRule } from './shared/rule-lookup.js';

export function registerRules(program: Command, ctx: Ctx): void {
  const t = m().penalty.rulesCmd;
  const rules = program.command('rules').description(t.description);
  const dirOf = (d?: string) => (d === undefined ? undefined : path.resolve(ctx.cwd, d));
  rules
    .command('list')
    .description(t.list)
    .option('--rules <dir>', m().penalty.cmd.optRules)
    .option('--json', m().opt.json)
    .action(
      action(ctx, async (o: { rules?: string; json?: boolean }) => {
        const set = await requireRuleSet(dirOf(o.rules));
        if (o.json) {
          ctx.ui.out(JSON.stringify(set.rules.map((r) => ({ id: r.id, name: r.name, parent: r.parent ?? null, versions: r.versions.map((v) => v.version), facts: r.facts.map((f) => f.name) })), null, 2));
          return 0;
        }
        const rows = set.rules.map((r) => [r.id, r.name, r.versions.map((v) => v.version).join('、'), r.versions[r.versions.length - 1]!.basis.map((b) => `《${b.law}》${b.article}`).join('；')]);
        ctx.ui.out(renderTable([t.head.id, t.head.name, t.head.versions, t.head.basis], rows));
        return 0;
      }),
    );
  rules
    .command('show')
    .description(t.show)
    .argument('<id>', t.idArg)
    .option('--rules <dir>', m().penalty.cmd.optRules)
    .action(
      action(ctx, async (id: string, o: { rules?: string }) => {
        const set = await requireRuleSet(dirOf(o.rules));
        ctx.ui.out(showRule(findRule(set, id)).join('\n'));
        return 0;
      }),
    );
  rules
    .command('check')
    .description(t.check)
    .argument('[dir]', t.dirArg)
    .action(
      action(ctx, async (dir?: string) => {
        const set = await loadRuleSet(dirOf(dir), { crossCheck: true });
        const golden = await loadGoldenCases(set);
        const problems = [...set.problems, ...golden.problems];
        if (problems.length) throw new InputError(t.checkFailed(problems.length), problems);
        ctx.ui.out(t.checkOk(set.rules.length, set.rules.reduce((n, r) => n + r.versions.length, 0), golden.files.length));
        return 0;
      }),
    );
  rules
    .command('test')
    .description(t.test)
    .argument('[dir]', t.dirArg)
    .action(
      action(ctx, async (dir?: string) => {
        const set = await requireRuleSet(dirOf(dir));
        const golden = await loadGoldenCases(set);
        if (golden.problems.length) throw new InputError(t.checkFailed(golden.problems.length), golden.problems);
        const today = todayIso(ctx.now);
        let pass = 0;
        let fail = 0;
        for (const c of golden.cases) {
          const r = runGoldenCase(c, set.byId, set.config, today);
          if (r.mismatches.length === 0) {
            pass++;
            continue;
          }
          fail++;
          ctx.ui.out(ctx.ui.color.red(t.testFail(`${c.rule}: ${c.name}`, `${path.relative(ctx.cwd, c.file) || c.file}:${c.line ?? ''}`)));
          for (const x of r.mismatches) ctx.ui.out(t.mismatch(x.key, x.expected, x.actual));
        }
        const tested = new Set(golden.cases.map((c) => c.rule));
        const untested = set.rules.filter((r) => !tested.has(r.id)).map((r) => r.id);
        if (untested.length) ctx.ui.out(ctx.ui.color.yellow(t.untested(untested)));
        ctx.ui.out(t.testSummary(pass, fail));
        return fail > 0 || untested.length > 0 ? 1 : 0;
      }),
    );
}

function cond(c: Condition, specs: FactSpec[]): string {
  const op = m().penalty.reason.op;
  const t = m().penalty.rulesCmd;
  if ('all' in c) return c.all.map((x) => cond(x, specs)).join(t.and);
  if ('any' in c) return t.group(c.any.map((x) => cond(x, specs)).join(t.or));
  if ('not' in c) return t.not(cond(c.not, specs));
  if ('always' in c) return m().penalty.rulesCmd.always;
  const spec = specs.find((s) => s.name === c.fact);
  const vals = Array.isArray(c.value) ? c.value : [c.value];
  return `${spec?.label ?? c.fact} ${op[c.op]} ${vals.map((v) => formatFactValue(spec, v)).join(m().penalty.out.listSep)}`;
}

function amount(b: StatutoryBand, v: bigint): string {
  return b.kind === 'multiple' ? `${formatRatio(v)}倍` : m().penalty.fmt.yuan(v);
}

function bandText(r: Rule, b: StatutoryBand, lb?: LevelBand): string {
  const t = m().penalty.rulesCmd;
  const lo = lb?.min ?? b.min;
  const hi = lb?.max ?? b.max;
  const label = (f: string) => [...r.facts, ...COMMON_FACTS].find((s) => s.name === f)?.label ?? f;
  const range = lo === hi ? amount(b, lo) : `${amount(b, lo)}–${amount(b, hi)}`;
  const opt = b.optional ? m().penalty.out.optional : '';
  switch (b.kind) {
    case 'none':
      return m().penalty.out.noFine;
    case 'fixed':
      return range + opt;
    case 'max_only':
      return (lo === 0n ? t.bandMax(amount(b, hi)) : range) + opt;
    case 'per_worker':
      return t.bandPer(label(b.per[0]!), range) + opt;
    case 'per_worker_month':
      return t.bandPerMonth(label(b.per[0]!), label(b.per[1]!), range) + (lb?.then ? t.bandThen(label(lb.then.per[1]!), amount(b, lb.then.amount)) : '') + opt;
    case 'multiple':
      return t.bandMultiple(label(b.of!), range) + opt;
  }
}

function factLine(f: FactSpec): string {
  const t = m().penalty.rulesCmd;
  const extra = [f.required && f.default === undefined ? t.required : t.optional, m().penalty.fmt.typeName[f.type]];
  if (f.default !== undefined) extra.push(t.defaultIs(formatFactValue(f, f.default)));
  if (f.values) extra.push(f.values.map((v) => `${v.key}=${v.label}`).join('、'));
  return `  ${t.factLine(f.name, f.label, extra, f.help)}`;
}

/** "吊销人力资源服务许可证〔revocation；当 情节严重 为 是〕": the kind drives the review flags, so show it. */
function measureText(x: Measure, specs: FactSpec[]): string {
  return m().penalty.rulesCmd.measure(x.text, x.kind, x.when ? cond(x.when, specs) : undefined);
}

export function showRule(r: Rule): string[] {
  const t = m().penalty.rulesCmd;
  const lines = [`${r.id}  ${r.name}${r.parent ? `  ${t.parentIs(r.parent)}` : ''}`, `  ${r.file}`, t.facts, ...r.facts.map(factLine), t.commonFacts, ...COMMON_FACTS.map(factLine)];
  const specs = [...r.facts, ...COMMON_FACTS];
  for (const v of r.versions) {
    lines.push('', t.versionHead(v.version, v.effectiveFrom, v.effectiveTo));
    for (const b of v.basis) lines.push(`  ${m().penalty.out.basis}《${b.law}》${b.article}${b.text ? `：${b.text}` : ''}`);
    lines.push(`  ${t.statutory}${v.bands.map((b) => (b.name === 'default' ? bandText(r, b) : t.labelled(b.name, bandText(r, b)))).join(t.listSep)}${v.personsBand ? `${t.listSep}${m().penalty.out.personsBand}${bandText(r, v.personsBand)}` : ''}`);
    if (v.orderFirst) lines.push(`  ${t.orderFirst}`);
    if (v.basisPending) lines.push(`  ${m().penalty.out.basisPending}${v.basisPending}`);
    if (v.measures.length) lines.push(`  ${m().penalty.out.measures}${v.measures.map((x) => measureText(x, specs)).join('、')}`);
    lines.push(`  ${t.levels}`);
    for (const l of v.levels) {
      const stat = v.bands.find((b) => b.name === l.band?.use);
      lines.push(`    ${t.labelled(l.name, `${cond(l.when, specs)} → ${stat ? bandText(r, stat, l.band) : m().penalty.out.noFine}`)}${l.measures.length ? `${t.listSep}${l.measures.map((x) => measureText(x, specs)).join('、')}` : ''}${l.refuse ? `${t.listSep}${t.refuses(l.refuse)}` : ''}`);
    }
  }
  return lines;
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Ctx } from '../../context.js';
import { parsePlan } from '../../core/draw/index.js';
import { canonicalSeed } from '../../core/draw/seed.js';
import { parseDate, todayIso } from '../../core/values.js';
import { planWords } from '../../i18n/draw-faults.js';
import { m } from '../../i18n/index.js';
import { readLedger } from '../../io/ledger.js';
import { DEMO } from '../../io/paths.js';
import { loadYamlFile } from '../../io/yaml.js';
import { confirmAnswer, listTheme } from '../../ui/prompts.js';
import { periodLabels, type DrawOptions } from '../shared/draw-pipeline.js';
import { runDraw } from './run.js';

type Theme = ReturnType<typeof listTheme>['theme'];

/**
 * The prompt functions of @inquirer/prompts that interactive mode uses; tests hand in fakes. select
 * and confirm carry the localised theme (key hints, Yes/No), as in penalty's interactive mode; input
 * shows no English of its own, and the theme would only take the red off its validation errors.
 */
export interface Prompts {
  input(o: { message: string; default?: string; validate?: (v: string) => boolean | string | Promise<boolean | string> }): Promise<string>;
  select<T>(o: { message: string; choices: { name: string; value: T }[]; default?: T; theme?: Theme }): Promise<T>;
  confirm(o: { message: string; default?: boolean; transformer?: (answer: boolean) => string }): Promise<boolean>;
}


/** Walks staff through the choices, shows the summary and asks before writing anything. */
export async function runInteractive(ctx: Ctx, opts: DrawOptions, prompts: Prompts): Promise<number> {
  try {
    const filled = await collectInteractive(ctx, opts, prompts);
    return await runDraw(ctx, filled, async () => prompts.confirm({ message: m().drawCli.interactive.confirmWrite, default: false, ...confirmAnswer() }));
  } catch (e) {
    // Ctrl-C in a prompt: the user stopped; nothing has been written at any prompt
    if (e instanceof Error && e.name === 'ExitPromptError') {
      ctx.ui.out(m().drawCli.interactive.cancelled);
      return 0;
    }
    throw e;
  }
}

export async function collectInteractive(ctx: Ctx, opts: DrawOptions, prompts: Prompts): Promise<DrawOptions> {
  const t = m().drawCli.interactive;
  const fileExists = async (v: string) => {
    try {
      return (await fs.stat(path.resolve(ctx.cwd, v))).isFile() || t.notAFile;
    } catch {
      return t.noSuchFile;
    }
  };
  // with --demo the files are the fixtures: only the period and the seed are asked
  const ask = async (given: string | undefined, message: string, def: string) =>
    given ?? (opts.demo ? undefined : await prompts.input({ message, default: def, validate: fileExists }));
  const employers = await ask(opts.employers, t.employers, 'employers.csv');
  const inspectors = await ask(opts.inspectors, t.inspectors, 'inspectors.csv');
  const planFile = await ask(opts.plan, t.plan, 'plan.yaml');
  let period = opts.period;
  if (!period) {
    let labels: string[] = [];
    let drawn = new Set<string>();
    try {
      const planPath = planFile === undefined ? DEMO.plan : path.resolve(ctx.cwd, planFile);
      const src = await loadYamlFile(planPath);
      const plan = parsePlan(src.data, src.problem, planWords);
      labels = periodLabels(plan);
      // a period already in the ledger is not the default: drawing it again needs --redraw and a reason
      const ledgerFile = opts.demo ? null : opts.ledger ? path.resolve(ctx.cwd, opts.ledger) : path.join(path.dirname(planPath), 'draws', 'ledger.jsonl');
      if (ledgerFile) {
        const ledger = await readLedger(ledgerFile);
        drawn = new Set(ledger.lines.filter((l) => l.entry.plan_id === plan.id && l.entry.plan_year === plan.year).map((l) => l.entry.period));
      }
    } catch {
      // a broken plan or ledger is reported in full by the draw itself; here we just cannot offer a list
    }
    const fresh = labels.find((l) => !drawn.has(l));
    period = labels.length
      ? await prompts.select({
          message: t.period,
          choices: labels.map((l) => ({ name: drawn.has(l) ? t.periodDrawn(l) : l, value: l })),
          ...(fresh ? { default: fresh } : {}),
          ...listTheme(),
        })
      : await prompts.input({ message: t.period });
  }
  // the check date decides certificate validity and the recently-inspected rule: asked, not assumed
  const asOf = opts.asOf ?? (await prompts.input({ message: t.asOf, default: todayIso(ctx.now), validate: (v) => parseDate(v) !== null || t.badAsOf }));
  let seed = opts.seed;
  if (seed === undefined) {
    // the announced lottery result is the recommended seed: nobody, the office included, could pick it
    const how = await prompts.select<'random' | 'typed'>({
      message: t.seedHow,
      choices: [
        { name: t.seedTyped, value: 'typed' },
        { name: t.seedRandom, value: 'random' },
      ],
      default: 'typed',
      ...listTheme(),
    });
    while (how === 'typed' && seed === undefined) {
      const typed = await prompts.input({ message: t.seed, validate: (v) => v.trim() !== '' || t.seedEmpty });
      const canonical = canonicalSeed(typed);
      if (canonical === null) seed = typed;
      else if (await prompts.confirm({ message: t.seedCanonical(typed.trim(), canonical), default: true, ...confirmAnswer() })) seed = canonical;
    }
  }
  const out = opts.out ?? (opts.demo ? undefined : await prompts.input({ message: t.out, default: path.join('draws', period) }));
  return { ...opts, employers, inspectors, plan: planFile, period, asOf, seed, out, interactive: false };
}

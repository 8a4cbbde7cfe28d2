import path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import type { Ctx } from '../../context.js';
import { allFacts } from '../../core/penalty/compute.js';
import { parseFactValue } from '../../core/penalty/facts.js';
import type { FactSpec, Party } from '../../core/penalty/types.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { writeFilesAtomic } from '../../io/files.js';
import type { RuleSet } from '../../io/rules.js';
import { confirmAnswer, listTheme } from '../../ui/prompts.js';
import { findRule } from '../shared/rule-lookup.js';
import { evaluateCase, print } from './evaluate.js';

/** The prompt functions the interactive flow uses; tests hand in scripted ones. */
export interface Prompts {
  search: (cfg: { message: string; source: (term: string | undefined) => Promise<{ name: string; value: string; description?: string }[]> | { name: string; value: string; description?: string }[] }) => Promise<string>;
  select: (cfg: { message: string; choices: { name: string; value: string }[]; default?: string }) => Promise<string>;
  input: (cfg: { message: string; validate?: (v: string) => boolean | string; default?: string }) => Promise<string>;
  confirm: (cfg: { message: string; default?: boolean }) => Promise<boolean>;
}

/** The real prompts, in the user's language; @inquirer/prompts is loaded here, when a prompt is about to be shown. */
export async function defaultPrompts(): Promise<Prompts> {
  const { search, input, select, confirm } = await import('@inquirer/prompts');
  return {
    search: (cfg) => search({ ...cfg, ...listTheme() } as never) as Promise<string>,
    select: (cfg) => select({ ...cfg, ...listTheme() } as never) as Promise<string>,
    input: (cfg) => input(cfg as never),
    confirm: (cfg) => confirm({ ...cfg, ...confirmAnswer() }),
  };
}

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

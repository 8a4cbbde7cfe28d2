import { beforeAll, describe, expect, it } from 'vitest';
import { parseRule } from '../../src/core/penalty/schema.js';
import { parseReview } from '../../src/core/penalty/review.js';
import { checkRuleSet, factSpace } from '../../src/core/penalty/check.js';
import type { Rule } from '../../src/core/penalty/types.js';
import { parseYamlText } from '../../src/io/yaml.js';
import type { Problem } from '../../src/errors.js';
import { problemText } from '../../src/ui/problem-text.js';
import { loadRuleSet } from '../../src/io/rules.js';

// loadRuleSet's own result: a RuleSet plus the problems found while loading it
let builtIn: Awaited<ReturnType<typeof loadRuleSet>>;
beforeAll(async () => {
  builtIn = await loadRuleSet();
});

const OVERTIME = `id: overtime
name: 违法延长劳动者工作时间
facts:
  affected_workers: {type: integer, label: 人数, unit: 人, min: 1}
versions:
  - version: "1"
    effective_from: 2004-12-01
    basis: [{law: 劳动保障监察条例, article: 第二十五条}]
    band: {kind: per_worker, per: affected_workers, min: 100, max: 500}
    levels:
      - name: 一般
        when: {fact: affected_workers, lt: 10}
        band: {min: 100, max: 200}
      - name: 严重
        when: {fact: affected_workers, ge: 10}
        band: {min: 200, max: 500}
`;

function parse(text: string, file = 'x.yaml') {
  const src = parseYamlText(text, file);
  const { rule, problems } = parseRule(src.data, src);
  return { rule, problems: worded(problems) };
}

/** the rule parsers return codes; these tests read the words users see */
const worded = (ps: Problem[]) => ps.map((p) => ({ ...p, message: problemText(p) }));

function rule(text: string): Rule {
  const { rule, problems } = parse(text);
  expect(problems).toEqual([]);
  return rule!;
}

describe('rule schema', () => {
  it('accepts a well-formed rule', () => {
    expect(rule(OVERTIME).versions[0]!.levels).toHaveLength(2);
  });
  it('rejects a level band above the statutory maximum, at its line', () => {
    const { problems } = parse(OVERTIME.replace('band: {min: 200, max: 500}', 'band: {min: 200, max: 600}'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 16, key: 'versions[0].levels[1].band.max' });
    expect(problems[0]!.message).toContain('法定上限');
  });
  it('collects every schema problem with file:line', () => {
    const bad = OVERTIME.replace('type: integer', 'type: number').replace('lt: 10', 'below: 10').replace('kind: per_worker', 'kind: per_head').replace('name: 一般', 'nmae: 一般');
    const { problems, rule: r } = parse(bad, 'bad.yaml');
    expect(r).toBeUndefined();
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.every((p) => p.file === 'bad.yaml' && typeof p.line === 'number')).toBe(true);
  });
  it('rejects conditions on facts the rule does not declare', () => {
    const { problems } = parse(OVERTIME.replace('{fact: affected_workers, lt: 10}', '{fact: workers, lt: 10}'));
    expect(problems[0]!.message).toContain('workers');
    expect(problems[0]!.line).toBe(12);
  });
});

describe('rule set checks', () => {
  it('the built-in set passes', () => {
    expect(builtIn.problems).toEqual([]);
    expect(checkRuleSet(builtIn.rules, builtIn.byId)).toEqual([]);
  });
  it('finds overlapping levels by enumerating the facts', () => {
    const r = rule(OVERTIME.replace('ge: 10}', 'ge: 9}'));
    const p = worded(checkRuleSet([r], new Map()));
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain('affected_workers=9');
  });
  it('finds a gap in the fact space', () => {
    const r = rule(OVERTIME.replace('ge: 10}', 'ge: 11}'));
    const p = worded(checkRuleSet([r], new Map()));
    expect(p[0]!.message).toContain('affected_workers=10');
  });
  it('rejects a statutory band wider than the law', () => {
    const r = rule(OVERTIME.replace('min: 100, max: 500}', 'min: 100, max: 800}').replace('max: 500}\n', 'max: 800}\n'));
    const p = worded(checkRuleSet([r], new Map()));
    expect(p.some((x) => x.line === 9 && x.message.includes('100–500'))).toBe(true);
  });
  it('rejects a local rule outside its parent band (国办发〔2022〕27号)', () => {
    const local = rule(OVERTIME.replace('id: overtime', 'id: hn-overtime\nparent: overtime').replace('band: {min: 100, max: 200}', 'band: {min: 100, max: 300}'));
    const p = worded(checkRuleSet([local], builtIn.byId));
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain('overtime');
    const inside = rule(OVERTIME.replace('id: overtime', 'id: hn-overtime\nparent: overtime').replace('band: {min: 100, max: 200}', 'band: {min: 150, max: 200}').replace('lt: 10', 'lt: 10').replace('band: {min: 200, max: 500}', 'band: {min: 200, max: 350}'));
    // 10–29 workers are 较重 (200–350) in the parent, 30+ are 严重 (350–500): 200–350 for 30 workers is outside
    expect(checkRuleSet([inside], builtIn.byId).length).toBe(1);
  });
  it('rejects versions whose effective ranges overlap', () => {
    const two = OVERTIME.replace('versions:\n', `versions:\n  - version: "0"\n    effective_from: 2000-01-01\n    effective_to: 2005-01-01\n    basis: [{law: 劳动法, article: 第九十条}]\n    band: {kind: per_worker, per: affected_workers, min: 100, max: 500}\n    levels: [{name: 一般, when: {always: true}}]\n`);
    const p = worded(checkRuleSet([rule(two)], new Map()));
    expect(p.some((x) => x.message.includes('重叠'))).toBe(true);
  });
  it('enumerates small fact spaces fully and samples large ones deterministically', () => {
    const specs = [{ name: 'a', type: 'boolean', label: 'a', required: true }, { name: 'b', type: 'boolean', label: 'b', required: true }] as never;
    expect(factSpace(specs, [[true, false], [true, false]])).toHaveLength(4);
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, type: 'integer', label: '', required: true })) as never;
    const values = Array.from({ length: 20 }, () => [0, 1, 2]);
    const a = factSpace(many, values);
    expect(a.length).toBe(5000);
    expect(factSpace(many, values)).toEqual(a);
  });
});

describe('rules check enforces measure kinds and the flag rules of review.yaml', () => {
  it('a measure without a kind (or with an unknown one) is refused with its line', () => {
    const withMeasures = OVERTIME.replace('    band: {kind: per_worker', '    measures: [责令改正, {text: 警告, kind: warning}, {text: 予以关闭, kind: shut}]\n    band: {kind: per_worker');
    const { problems } = parse(withMeasures);
    expect(problems.map((p) => p.message).join('\n')).toContain('措施“责令改正”须注明种类');
    expect(problems.some((p) => problemText(p).startsWith('措施种类无效'))).toBe(true);
    expect(problems).toHaveLength(2);
  });
  it('a confiscation names the money fact it takes; amount on another kind, or on a fact that is not money, is refused with its line', () => {
    const facts = OVERTIME.replace('  affected_workers: {type: integer, label: 人数, unit: 人, min: 1}\n', '  affected_workers: {type: integer, label: 人数, unit: 人, min: 1}\n  illegal_income: {type: money, label: 违法所得}\n');
    const ok = parse(facts.replace('    band: {kind: per_worker', '    measures: [{text: 没收违法所得, kind: confiscation, amount: illegal_income}]\n    band: {kind: per_worker'));
    expect(ok.problems).toEqual([]);
    expect(ok.rule!.versions[0]!.measures[0]!.amount).toBe('illegal_income');
    const bad = parse(facts.replace('    band: {kind: per_worker', '    measures: [{text: 警告, kind: warning, amount: illegal_income}, {text: 没收, kind: confiscation, amount: affected_workers}, {text: 没收非法财物, kind: confiscation, amount: nope}]\n    band: {kind: per_worker'));
    expect(bad.problems.map((p) => p.code)).toEqual(['rule.measure.amount.kind', 'rule.measure.amount.money', 'condition.fact.unknown']);
    expect(bad.problems.map((p) => p.line)).toEqual([10, 10, 10]);
  });
  it('review.yaml: 没收较大数额 follows the fine thresholds unless set on its own', () => {
    const review = (text: string) => {
      const src = parseYamlText(text, 'review.yaml');
      return parseReview(src.data, src, builtIn.byId);
    };
    const same = review('hearing:\n  organisation_at_least: 50000\n');
    expect(same.config.hearing.confiscationOrg).toBe(5000000n);
    const own = review('hearing:\n  organisation_at_least: 50000\n  confiscation_organisation_at_least: 10000\n');
    expect(own.problems).toEqual([]);
    expect(own.config.hearing.confiscationOrg).toBe(1000000n);
    expect(own.config.hearing.org).toBe(5000000n);
  });
  it('review.yaml: 第六十三条 kinds cannot be dropped, the old first_offense switch is refused, the list names rules that allow it', () => {
    const src = parseYamlText('first_offense: apply\nfirst_offense_list: [overtime, child-labour, nope]\nhearing:\n  measure_kinds: [revocation, suspension]\n', 'review.yaml');
    const { problems: coded, config } = parseReview(src.data, src, builtIn.byId);
    const problems = worded(coded);
    const text = problems.map((p) => `${p.line}: ${p.message}`).join('\n');
    expect(text).toContain('1: first_offense 已停用');
    expect(text).toContain('不能从 hearing.measure_kinds 中去掉：downgrade、closure、restriction');
    expect(text).toContain('规则“child-labour”设置为不适用首违不罚');
    expect(text).toContain('规则集中没有规则“nope”');
    expect(config.firstOffenseList).toContain('overtime');
  });
});

import { planWords } from '../../src/i18n/draw-faults.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePlan, parsePeriod, PeriodError } from '../../src/core/draw/index.js';
import { parseYamlText } from '../../src/io/yaml.js';
import { InputError } from '../../src/errors.js';
import { at, plan, planData } from './draw.support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const load = (rel: string) => {
  const src = parseYamlText(readFileSync(path.join(ROOT, rel), 'utf8'), rel);
  return parsePlan(src.data, src.problem, planWords);
};

describe('parsePlan', () => {
  it('reads the demo plan of 清河县 and the init template', () => {
    const demo = load('fixtures/plan.yaml');
    expect(demo.office).toBe('清河县人力资源和社会保障局');
    expect(demo.frequency).toBe(2);
    expect(demo.tasks.map((t) => t.mode)).toContain('targeted');
    expect(demo.tasks.find((t) => t.mode === 'untargeted')!.stratifyBy).toEqual(['region']);
    expect(demo.fullCoverage?.includeKey).toBe(true);
    expect(demo.exclusions.inspectedWithinDays).toBe(180);
    expect(demo.team).toEqual({ size: 2, maxPerInspectorPerPeriod: 45, avoidHomeRegion: true });
    const template = load('fixtures/templates/plan.yaml');
    expect(template.items.length).toBeGreaterThan(0);
  });

  it('applies the documented defaults', () => {
    const p = plan();
    expect(p.team).toEqual({ size: 2, maxPerInspectorPerPeriod: null, avoidHomeRegion: false });
    expect(p.allowRepeatWithinYear).toBe(false);
    expect(p.fullCoverage).toBeNull();
    expect(p.items[0]!.scope).toBeNull();
    expect(p.tasks[0]!.size).toEqual({ kind: 'count', count: 3 });
  });

  it('reports every problem at once, each with its key path and line', () => {
    const text = [
      'id: p',
      'office: 测试局',
      'year: 2026',
      'frequency: 3',
      'colour: red',
      'items:',
      '  - { id: wage, name: 工资, basis: 条例, specialty: 工资支付 }',
      '  - { id: spare, name: 闲置, basis: 条例, specialty: 工资支付 }',
      'tasks:',
      '  - id: t1',
      '    name: 任务一',
      '    mode: targeted',
      '    filter: { industry: 建筑业, colour: red }',
      '    items: [wage, nosuch]',
      '    size: { ratio_per_year: 1.5 }',
      '  - id: t2',
      '    name: 任务二',
      '    mode: untargeted',
      '    items: [wage]',
      '    size: { count: 2, ratio_per_period: 0.1 }',
      'team: { size: 1 }',
    ].join('\n');
    const src = parseYamlText(text, 'plan.yaml');
    let err: unknown;
    try {
      parsePlan(src.data, src.problem, planWords);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p]));
    expect(Object.keys(byKey).sort()).toEqual(
      ['colour', 'frequency', 'items[1].id', 'tasks[0].filter.colour', 'tasks[0].items[1]', 'tasks[0].size.ratio_per_year', 'tasks[1].size', 'team.size'].sort(),
    );
    expect(byKey['colour']!.line).toBe(5);
    expect(byKey['tasks[0].filter.colour']!.line).toBe(13);
    expect(byKey['tasks[0].size.ratio_per_year']!.value).toBe('1.5');
    expect(byKey['items[1].id']!.message).toContain('spare');
    expect(problems.every((p) => p.file === 'plan.yaml')).toBe(true);
  });

  it('refuses a ratio of 0, an untargeted filter, a targeted task without one, and | in ids', () => {
    const bad = (over: Record<string, unknown>) => {
      try {
        parsePlan(planData(over), at, planWords);
      } catch (e) {
        return (e as InputError).problems.map((p) => p.key);
      }
      return [];
    };
    const task = { id: 'all', name: 'x', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 } };
    expect(bad({ tasks: [{ ...task, size: { ratio_per_period: 0 } }] })).toEqual(['tasks[0].size.ratio_per_period']);
    expect(bad({ tasks: [{ ...task, filter: { region: 'x' } }] })).toEqual(['tasks[0].filter']);
    expect(bad({ tasks: [{ ...task, mode: 'targeted' }] })).toEqual(['tasks[0].filter']);
    expect(bad({ tasks: [{ ...task, id: 'a|b' }] })).toEqual(['tasks[0].id']);
    expect(bad({ tasks: [{ ...task, weights: { complaints: { factor: 2 }, abnormal: -1 } }] })).toEqual([
      'tasks[0].weights.complaints.min',
      'tasks[0].weights.abnormal',
    ]);
    // a specialty nobody holds is not a plan error: staffing reports it
    expect(bad({ items: [{ id: 'wage', name: 'w', basis: 'b', specialty: '无人具备' }, { id: 'contract', name: 'c', basis: 'b', specialty: '劳动合同' }] })).toEqual([]);
  });
});

describe('parsePeriod', () => {
  const p = plan();
  it('accepts the labels of the plan frequency, with the dates of the period', () => {
    expect(parsePeriod('2026H2', p)).toEqual({ label: '2026H2', year: 2026, index: 2, perYear: 2, start: '2026-07-01', end: '2026-12-31' });
    expect(parsePeriod('2026Q1', plan({ frequency: 4 })).end).toBe('2026-03-31');
    expect(parsePeriod('2026-02', plan({ frequency: 12 })).end).toBe('2026-02-28');
    expect(parsePeriod('2026', plan({ frequency: 1 })).start).toBe('2026-01-01');
  });
  it('refuses a label of another frequency, another year, or no form at all', () => {
    // the core names the fault; the command (loadDrawInputs) turns a typed label into the usage error
    expect(() => parsePeriod('2026Q1', p)).toThrow(expect.objectContaining({ code: 'draw.period.frequency.wrong' }));
    expect(() => parsePeriod('2027H1', p)).toThrow(expect.objectContaining({ code: 'draw.period.year.wrong' }));
    expect(() => parsePeriod('2026h1', p)).toThrow(PeriodError);
    expect(() => parsePeriod('2026-13', plan({ frequency: 12 }))).toThrow(expect.objectContaining({ code: 'draw.period.label.bad' }));
  });
});

describe('language independence', () => {
  it('names the default full-coverage task in Chinese whatever the interface language', async () => {
    const { setLang } = await import('../../src/i18n/index.js');
    setLang('en');
    try {
      expect(plan({ full_coverage: { items: ['wage'] } }).fullCoverage!.task.name).toBe('重点监管对象全覆盖检查');
    } finally {
      setLang('zh');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { bool, custom, date, dict, FieldReader, formatYamlPath, int, list, nested, number, oneOf, splitParam, text } from '../../src/core/yaml-fields.js';
import { InputError } from '../../src/errors.js';
import { parseYamlText } from '../../src/io/yaml.js';
import { problemText } from '../../src/ui/problem-text.js';
import { setLang } from '../../src/i18n/index.js';

/** A reader over YAML text, so every problem carries the line src/io/yaml.ts finds for it. */
function reader(yaml: string, opts = {}) {
  const src = parseYamlText(yaml, 'f.yaml');
  return { r: new FieldReader(src, 'plan', opts), data: src.data as Record<string, unknown> };
}
const codes = (r: FieldReader) => r.problems.map((p) => `${p.key} ${p.code}`);

describe('the YAML field reader', () => {
  it('writes key paths as people read them', () => {
    expect(formatYamlPath(['tasks', 2, 'size'])).toBe('tasks[2].size');
    expect(formatYamlPath([0, 'rule'])).toBe('[0].rule');
    expect(formatYamlPath([])).toBe('');
  });

  it('text: trimmed, numbers as digits, required, a pattern with its own code', () => {
    const { r, data } = reader('a: "  x "\nb: 12\nc: [1]\nd: ""\ne: "a|b"\n');
    expect(r.field(data, 'a', [], text())).toBe('x');
    expect(r.field(data, 'b', [], text())).toBe('12');
    expect(r.field(data, 'c', [], text())).toBeUndefined();
    expect(r.field(data, 'd', [], text({ required: true }))).toBeUndefined();
    expect(r.field(data, 'e', [], text({ pattern: /^[^|]*$/, patternCode: 'plan.id' }))).toBeUndefined();
    expect(r.field(data, 'missing', [], text())).toBeUndefined();
    expect(codes(r)).toEqual(['c plan.text', 'd plan.required', 'e plan.id']);
    expect(r.problems[0]).toMatchObject({ file: 'f.yaml', line: 3, value: '[1]' });
  });

  it('int: range, quoted numbers and non-integers are three different faults', () => {
    const { r, data } = reader('a: 5\nb: "5"\nc: 500\nd: 1.5\ne: 0\n');
    const f = int({ min: 1, max: 100 });
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => r.field(data, k, [], f))).toEqual([5, undefined, undefined, undefined, undefined]);
    expect(codes(r)).toEqual(['b plan.int.quoted', 'c plan.int.range', 'd plan.int', 'e plan.int']);
    expect(r.problems[1]!.params).toEqual({ min: 1, max: 100 });
    expect(r.problems[0]!.params).toMatchObject({ text: '5' });
  });

  it('number, bool, date and enum', () => {
    const { r, data } = reader('n: 0.5\nz: 0\nb: yes\nt: true\nd: 2026年1月5日\nx: 2026-02-30\nf: 3\ng: 4\n');
    expect(r.field(data, 'n', [], number({ min: 0, exclusiveMin: true, max: 1 }))).toBe(0.5);
    expect(r.field(data, 'z', [], number({ min: 0, exclusiveMin: true, max: 1 }))).toBeUndefined();
    expect(r.field(data, 'b', [], bool())).toBeUndefined();
    expect(r.field(data, 't', [], bool())).toBe(true);
    expect(r.field(data, 'd', [], date())).toBe('2026-01-05');
    expect(r.field(data, 'x', [], date())).toBeUndefined();
    expect(r.field(data, 'f', [], oneOf([1, 2, 4, 12]))).toBeUndefined();
    expect(r.field(data, 'g', [], oneOf([1, 2, 4, 12]))).toBe(4);
    expect(codes(r)).toEqual(['z plan.number', 'b plan.bool', 'x plan.date', 'f plan.enum']);
    expect(splitParam(r.problems[3]!.params!.allowed)).toEqual(['1', '2', '4', '12']);
  });

  it('list: each element at its index; a lone scalar counts as one element only where allowed', () => {
    const { r, data } = reader('a: [x, {y: 1}, z]\nb: solo\nc: solo\n');
    expect(r.field(data, 'a', [], list(text()))).toEqual(['x', 'z']);
    expect(r.field(data, 'b', [], list(text(), { single: true }))).toEqual(['solo']);
    expect(r.field(data, 'c', [], list(text()))).toBeUndefined();
    expect(codes(r)).toEqual(['a[1] plan.text', 'c plan.list']);
    expect(r.problems[0]!.line).toBe(1);
  });

  it('dict and nested: names the file chooses, and declared keys with unknown ones reported', () => {
    const { r, data } = reader('bands:\n  low: 1\n  high: x\nteam:\n  size: 3\n  colour: red\n');
    const bands = r.field(data, 'bands', [], dict(int({ min: 0 })));
    expect([...bands!.entries()]).toEqual([['low', 1]]);
    const team = r.field(data, 'team', [], nested({ size: int({ min: 2 }), lead: text({ required: true }) }));
    expect(team).toEqual({ size: 3, lead: undefined });
    expect(codes(r)).toEqual(['bands.high plan.int', 'team.colour plan.key.unknown', 'team.lead plan.required']);
    expect(r.problems[1]).toMatchObject({ line: 6, params: { key: 'colour', allowed: 'size、lead' } });
  });

  it('reports every problem of a file at once, with paths into lists and the key line', () => {
    const { r, data } = reader(['tasks:', '  - id: a', '    size: 0', '  - id: ""', '    size: 2', '  - colour: x', 'extra: 1'].join('\n'));
    const task = { id: text({ required: true }), size: int({ min: 1 }) };
    const tasks = r.list(data.tasks, ['tasks'], custom((rr, v, p) => rr.object(v, p, task)));
    r.unknownKeys(data, ['tasks'], []);
    expect(tasks).toHaveLength(3);
    expect(r.problems.map((p) => [p.key, p.code, p.line])).toEqual([
      ['tasks[0].size', 'plan.int', 3],
      ['tasks[1].id', 'plan.required', 4],
      ['tasks[2].colour', 'plan.key.unknown', 6],
      ['tasks[2].id', 'plan.required', 6],
      ['extra', 'plan.key.unknown', 7],
    ]);
  });

  it('the value shown and the mapping fault follow the reader options', () => {
    const shown = reader('a: 1\nx: [1]\n', { keyAsValue: true, mappingValue: true });
    shown.r.unknownKeys(shown.data, ['x'], []);
    shown.r.mapping(shown.data.x, ['x']);
    expect(shown.r.problems.map((p) => p.value)).toEqual(['a', '[1]']);
    const bare = reader('a: 1\nx: [1]\n');
    bare.r.unknownKeys(bare.data, ['x'], []);
    bare.r.mapping(bare.data.x, ['x']);
    expect(bare.r.problems.map((p) => p.value)).toEqual([undefined, undefined]);
  });

  it('problems carry codes, not words: the same problem reads in zh and en', () => {
    const { r, data } = reader('year: "2026"\n');
    r.field(data, 'year', [], int({ min: 2000, max: 2200 }));
    const p = r.problems[0]!;
    expect(p.message).toBeUndefined();
    expect(problemText(p)).toBe('“2026”加了引号，在 YAML 中是文本而不是数字；请去掉引号');
    setLang('en');
    try {
      expect(problemText(p)).toContain('is quoted');
    } finally {
      setLang('zh');
    }
  });
});

describe('YAML syntax', () => {
  it('one tab-indented line is reported as the tab, without the false duplicate key its recovery makes', () => {
    const text = ['tasks:', '  - id: a', 'full_coverage:', '\tid: key', '  name: 全覆盖', '  items: [wage]', ''].join('\n');
    let err: unknown;
    try {
      parseYamlText(text, 'plan.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const problems = (err as InputError).problems;
    expect(problems.map((p) => p.line)).toEqual([4]);
    expect(problems.map(problemText).join('\n')).toContain('制表符');
    expect(problems.map(problemText).join('\n')).not.toContain('重复');
  });
});

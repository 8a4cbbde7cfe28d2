import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { Assignment, DrawResult, Period, Plan, PlanItem, PlanTask } from '../../src/core/draw/index.js';
import type { Employer, Inspector } from '../../src/core/records.js';
import {
  PUBLICATION_COLUMNS,
  buildCsvOutputs,
  formatProbability,
  inspectionListRows,
  publicationRows,
} from '../../src/io/draw-outputs.js';
import { parseCsvText } from '../../src/io/csv.js';
import { buildManifest, serialiseManifest } from '../../src/io/manifest.js';

const item: PlanItem = { id: 'wage', name: '工资支付', basis: '《保障农民工工资支付条例》', specialty: '工资', scope: null };
const task = (id: string, name: string): PlanTask => ({
  id,
  name,
  mode: 'untargeted',
  filter: null,
  items: ['wage'],
  size: { kind: 'count', count: 2 },
  stratifyBy: [],
  weights: null,
});
const tA = task('A', '普通检查');
const tB = task('B', '重点行业');
const fcTask = task('FC', '重点监管全覆盖');
const plan: Plan = {
  id: 'P1',
  office: '某区人社局',
  year: 2026,
  frequency: 2,
  items: [item],
  tasks: [tA, tB],
  fullCoverage: { task: fcTask, includeKey: true },
  exclusions: { inspectedWithinDays: null },
  team: { size: 2, maxPerInspectorPerPeriod: null, avoidHomeRegion: false },
  allowRepeatWithinYear: false,
};
const period: Period = { label: '2026H1', year: 2026, index: 1, perYear: 2, start: '2026-01-01', end: '2026-06-30' };

const employer = (uscc: string, name: string, extra: [string, string][] = []): Employer => ({
  uscc,
  name,
  type: '企业',
  industry: '制造业',
  region: '城关镇',
  employees: 10,
  complaints: 0,
  abnormal: false,
  seriousViolation: false,
  key: false,
  lastInspected: null,
  line: 2,
  extra,
});
const inspector = (id: string, name: string): Inspector => ({
  id,
  name,
  unit: null,
  certNo: `CERT-${id}`,
  certExpiry: null,
  specialties: ['工资'],
  region: null,
  status: '在岗',
  recusals: [],
  line: 2,
  extra: [['联系电话', '13800000000']],
});
const team = [inspector('001', '张三'), inspector('002', '李四')];
const assign = (t: PlanTask, e: Employer, method: Assignment['method'] = 'random', p: number | null = 0.25, ticket = 'ab'.repeat(32)): Assignment => ({
  task: t,
  items: [item],
  employer: e,
  stratum: '',
  method,
  ticket,
  inclusionProbability: p,
  team,
});

const e1 = employer('91350100M000100Y43', '=HYPERLINK("http://x")公司', [['联系电话', '0591-1234'], ['注册地址', '福州']]);
const e2 = employer('91110000100000000Q', '乙公司', [['注册地址', '北京'], ['联系电话', '010-1']]);
const e3 = employer('91110000100000001M', '丙公司');
const result = (assignments: Assignment[]): DrawResult => ({
  algorithm: 'shuangsui-draw/1',
  assignments,
  counts: [],
  workload: { min: 0, max: 0, byInspector: [] },
  warnings: [],
});

describe('inspection-list.csv', () => {
  it('has the required columns first, then the directory’s extra columns by name', () => {
    const { header } = inspectionListRows(plan, result([assign(tA, e1), assign(tA, e2)]));
    expect(header.slice(0, 15)).toEqual([
      '抽查任务', '抽查事项', '统一社会信用代码', '单位名称', '单位类型', '行业', '所属区域', '入选方式',
      '分层', '抽签号', '入选概率', '检查人员工号', '检查人员', '执法证号', '组长',
    ]);
    expect(header.slice(15)).toEqual(['注册地址', '联系电话']);
  });

  it('sorts full coverage first, then tasks in plan order, then by ticket, whatever the input order', () => {
    const list = [assign(tB, e3), assign(tA, e2, 'random', 0.25, 'a0'.repeat(32)), assign(fcTask, e3, 'full_coverage', 1), assign(tA, e1, 'random', 0.25, '0f'.repeat(32))];
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length }), (shuffled) => {
        const rows = inspectionListRows(plan, result(shuffled)).rows;
        expect(rows.map((r) => [r[0], r[2], r[7]])).toEqual([
          ['重点监管全覆盖', e3.uscc, '全覆盖'],
          ['普通检查', e1.uscc, '随机'],
          ['普通检查', e2.uscc, '随机'],
          ['重点行业', e3.uscc, '随机'],
        ]);
      }),
      { numRuns: 30 },
    );
  });

  it('joins the team as documented, leader first', () => {
    const row = inspectionListRows(plan, result([assign(tA, e3)])).rows[0]!;
    expect(row.slice(11, 15)).toEqual(['001;002', '张三、李四', 'CERT-001;CERT-002', '张三']);
  });
});

describe('publication.csv', () => {
  it('holds only the columns that may be published, with the period as dates', () => {
    const { header, rows } = publicationRows(plan, period, result([assign(tA, e1)]));
    expect(header).toEqual(['单位名称', '统一社会信用代码', '抽查事项', '检查人员', '执法证号', '抽查期间']);
    expect(rows[0]).toEqual([e1.name, e1.uscc, '工资支付', '张三、李四', 'CERT-001;CERT-002', '2026-01-01至2026-06-30']);
    const bytes = buildCsvOutputs(plan, period, result([assign(tA, e1)]), 'utf8')[1]!.data.toString('utf8');
    expect(bytes).not.toContain('13800000000');
    expect(bytes).not.toContain('0591-1234');
    expect(PUBLICATION_COLUMNS).toHaveLength(6);
  });
});

describe('CSV bytes', () => {
  it('neutralise a formula in an employer name in both files', () => {
    for (const f of buildCsvOutputs(plan, period, result([assign(tA, e1)]), 'utf8')) {
      const t = parseCsvText(f.data.toString('utf8'), f.name);
      const nameCol = t.header.indexOf('单位名称');
      expect(t.rows[0]!.cells[nameCol]).toBe(`'=HYPERLINK("http://x")公司`);
    }
  });

  it('are the same bytes for the same result, and GBK when asked', () => {
    const a = buildCsvOutputs(plan, period, result([assign(tA, e1), assign(tB, e2)]), 'utf8');
    const b = buildCsvOutputs(plan, period, result([assign(tB, e2), assign(tA, e1)]), 'utf8');
    expect(a.map((f) => f.data.toString('hex'))).toEqual(b.map((f) => f.data.toString('hex')));
    const gbk = buildCsvOutputs(plan, period, result([assign(tA, e2)]), 'gbk');
    expect(gbk[0]!.data[0]).not.toBe(0xef);
  });
});

describe('probabilities are printed the same in every language', () => {
  it('rounds to 6 decimals, no trailing zeros, 1 for certainty', () => {
    expect(formatProbability(0.25)).toBe('0.25');
    expect(formatProbability(1 / 3)).toBe('0.333333');
    expect(formatProbability(1)).toBe('1');
    expect(formatProbability(null)).toBe('');
    expect(formatProbability(1e-9)).toBe('1.000e-9');
  });
});

describe('manifest.json', () => {
  it('has a fixed key order and records the already-drawn set with its hash', () => {
    const man = buildManifest({
      tool_version: '0.1.0',
      algorithm: 'shuangsui-draw/1',
      plan_id: 'P1',
      plan_year: 2026,
      period: '2026H2',
      seed: 's',
      as_of: '2026-07-01',
      inputs: {
        employers: { path: '../employers.csv', sha256: 'a'.repeat(64) },
        inspectors: { path: '../inspectors.csv', sha256: 'b'.repeat(64) },
        plan: { path: '../plan.yaml', sha256: 'c'.repeat(64) },
      },
      read_options: { encoding: 'auto', lenient: false, out_encoding: 'utf8' },
      already_drawn: ['Z', 'A'],
      counts: [],
      outputs: { 'publication.csv': '1'.repeat(64), 'inspection-list.csv': '2'.repeat(64) },
      ledger_seq: 2,
      prev_ledger_hash: '3'.repeat(64),
      redraw: false,
      reason: null,
      created_at: '2026-07-01T00:00:00.000Z',
    });
    const text = serialiseManifest(man);
    const back = JSON.parse(text);
    expect(Object.keys(back)).toEqual([
      'tool', 'format', 'tool_version', 'algorithm', 'plan_id', 'plan_year', 'period', 'seed', 'as_of', 'inputs', 'read_options',
      'already_drawn', 'counts', 'outputs', 'ledger_seq', 'prev_ledger_hash', 'redraw', 'reason', 'created_at',
    ]);
    expect(Object.keys(back.outputs)).toEqual(['inspection-list.csv', 'publication.csv']);
    expect(back.already_drawn.uscc).toEqual(['A', 'Z']);
    expect(back.already_drawn.sha256).toBe(createHash('sha256').update('A\nZ').digest('hex'));
  });
});

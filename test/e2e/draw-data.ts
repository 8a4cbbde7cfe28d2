import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { usccCheckChar } from '../../src/core/uscc.js';

/**
 * Small, hand-sized inputs for the draw/verify end-to-end tests, so they do not depend on the
 * demo fixtures (which another branch generates). Written as an office would: UTF-8 CSV with
 * Chinese headers and a couple of columns the schema does not know.
 */

export function uscc(n: number): string {
  const first17 = '91350100MA' + String(n).padStart(7, '0');
  return first17 + usccCheckChar(first17);
}

export const REGIONS = ['城关镇', '东山镇', '西溪乡'];

export interface DataOptions {
  employers?: number;
  /** specialty every inspector holds; make it differ from the plan's to get an unstaffable draw */
  specialty?: string;
  /** a name for employer 0, which is 重点监管 and so always on the list */
  firstName?: string;
  /** shuffle rows and columns of both CSVs with this seed (0 = as generated) */
  shuffle?: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffled<T>(xs: T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function csv(header: string[], rows: string[][], shuffle: number): string {
  let h = header;
  let r = rows;
  if (shuffle) {
    const rnd = lcg(shuffle);
    const order = shuffled(header.map((_, i) => i), rnd);
    h = order.map((i) => header[i]!);
    r = shuffled(rows, rnd).map((row) => order.map((i) => row[i]!));
  }
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [h, ...r].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

export function employersCsv(o: DataOptions = {}): string {
  const n = o.employers ?? 30;
  const header = ['统一社会信用代码', '单位名称', '单位类型', '行业', '所属区域', '职工人数', '投诉举报次数', '经营异常', '严重违法记录', '重点监管', '上次检查日期', '联系电话', '备注'];
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([
      uscc(i + 1),
      i === 0 ? (o.firstName ?? '重点监管甲公司') : `测试单位${String(i).padStart(3, '0')}有限公司`,
      '企业',
      i % 2 ? '制造业' : '建筑业',
      REGIONS[i % REGIONS.length]!,
      String(10 + i),
      String(i % 4),
      i % 7 === 3 ? '是' : '否',
      '否',
      i === 0 ? '是' : '否',
      '',
      `0591-8800${String(i).padStart(4, '0')}`,
      i % 5 === 0 ? '备注,含逗号' : '',
    ]);
  }
  return csv(header, rows, o.shuffle ?? 0);
}

export function inspectorsCsv(o: DataOptions = {}): string {
  const header = ['工号', '姓名', '执法证号', '执法证有效期至', '专业领域', '状态', '回避单位', '联系电话'];
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏'];
  const rows = names.map((name, i) => [
    `J${String(i + 1).padStart(3, '0')}`,
    name,
    `35010020${String(i + 1).padStart(4, '0')}`,
    '2030-12-31',
    o.specialty ?? '工资;劳动合同',
    '在岗',
    i === 0 ? uscc(1) : '',
    `1380000${String(i).padStart(4, '0')}`,
  ]);
  return csv(header, rows, o.shuffle ?? 0);
}

export const PLAN_YAML = `id: P-TEST-2026
office: 测试市人力资源和社会保障局
year: 2026
frequency: 2
items:
  - id: wage
    name: 工资支付情况
    basis: 《保障农民工工资支付条例》
    specialty: 工资
  - id: contract
    name: 劳动合同签订情况
    basis: 《劳动合同法》
    specialty: 劳动合同
tasks:
  - id: T1
    name: 日常随机抽查
    mode: untargeted
    items: [wage, contract]
    size:
      count: 6
    stratify_by: [region]
full_coverage:
  items: [wage]
team:
  size: 2
`;

export interface DrawFiles {
  dir: string;
  employers: string;
  inspectors: string;
  plan: string;
}

/** Writes the three inputs into dir and returns their paths. */
export function writeInputs(dir: string, o: DataOptions = {}, plan = PLAN_YAML): DrawFiles {
  mkdirSync(dir, { recursive: true });
  const files = {
    dir,
    employers: path.join(dir, 'employers.csv'),
    inspectors: path.join(dir, 'inspectors.csv'),
    plan: path.join(dir, 'plan.yaml'),
  };
  writeFileSync(files.employers, employersCsv(o));
  writeFileSync(files.inspectors, inspectorsCsv(o));
  writeFileSync(files.plan, plan);
  return files;
}

export function drawArgs(f: DrawFiles, extra: string[]): string[] {
  return ['draw', '--employers', f.employers, '--inspectors', f.inspectors, '--plan', f.plan, ...extra];
}

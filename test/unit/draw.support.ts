/** Small synthetic directories, rosters and plans for the draw-core tests. */
import { planFrom } from '../../src/io/plan.js';
import type { Employer, Inspector, UnitType } from '../../src/core/records.js';
import { parsePeriod, type DrawInput, type Plan } from '../../src/core/draw/index.js';
import { InputError } from '../../src/errors.js';
import { usccCheckChar } from '../../src/core/uscc.js';

export const REGIONS = ['城关镇', '东城街道', '西城街道', '南塘镇', '北山镇'];
export const INDUSTRIES = ['制造业', '建筑业', '批发和零售业'];
export const SPECIALTIES = ['工资支付', '劳动合同', '社会保险', '农民工工资'];

/** A valid-looking 18-character code for employer number i (check character computed). */
export function fakeUscc(i: number): string {
  const body = '91329901' + String(i).padStart(9, '0');
  return body + usccCheckChar(body);
}

export function employer(i: number, over: Partial<Employer> = {}): Employer {
  return {
    uscc: fakeUscc(i),
    name: `测试单位${i}`,
    type: '企业' as UnitType,
    industry: INDUSTRIES[i % INDUSTRIES.length]!,
    region: REGIONS[i % REGIONS.length]!,
    employees: 10 + (i % 200),
    complaints: 0,
    abnormal: false,
    seriousViolation: false,
    key: false,
    lastInspected: null,
    line: i + 2,
    extra: [],
    ...over,
  };
}

export function directory(n: number, over: (i: number) => Partial<Employer> = () => ({})): Employer[] {
  return Array.from({ length: n }, (_, i) => employer(i, over(i)));
}

export function inspector(i: number, over: Partial<Inspector> = {}): Inspector {
  return {
    id: `QH${String(i).padStart(3, '0')}`,
    name: `检查员${i}`,
    unit: '监察一科',
    certNo: `32990101${String(i).padStart(5, '0')}`,
    certExpiry: '2029-12-31',
    specialties: [...SPECIALTIES],
    region: null,
    status: '在岗',
    recusals: [],
    line: i + 2,
    extra: [],
    ...over,
  };
}

export function roster(n: number, over: (i: number) => Partial<Inspector> = () => ({})): Inspector[] {
  return Array.from({ length: n }, (_, i) => inspector(i + 1, over(i + 1)));
}

/** A plan object as YAML would give it; `tasks` replaces the default single untargeted task. */
export function planData(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'test-plan',
    office: '测试县人力资源和社会保障局',
    year: 2026,
    frequency: 2,
    items: [
      { id: 'wage', name: '工资支付情况', basis: '《劳动保障监察条例》', specialty: '工资支付' },
      { id: 'contract', name: '劳动合同情况', basis: '《劳动合同法》', specialty: '劳动合同' },
    ],
    tasks: [{ id: 'all', name: '不定向抽查', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 } }],
    team: { size: 2 },
    ...over,
  };
}

export function plan(over: Record<string, unknown> = {}): Plan {
  try {
    return planFrom({ data: planData(over) });
  } catch (e) {
    if (e instanceof InputError) throw new Error(JSON.stringify(e.problems));
    throw e;
  }
}

export function input(p: Plan, employers: Employer[], inspectors: Inspector[], more: Partial<DrawInput> & { label?: string } = {}): DrawInput {
  const { label, ...rest } = more;
  return {
    plan: p,
    period: parsePeriod(label ?? `${p.year}H1`, p),
    seed: 'test-seed',
    asOf: '2026-03-02',
    employers,
    inspectors,
    alreadyDrawn: new Set(),
    ...rest,
  };
}

export function shuffle<T>(arr: readonly T[], rand: () => number): T[] {
  const a = [...arr];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

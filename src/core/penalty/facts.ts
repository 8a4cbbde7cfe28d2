import { parseBool, parseCount, parseDate } from '../values.js';
import { parseYuan } from './money.js';
import type { FactSpec, FactValue } from './types.js';

/**
 * Facts every rule understands, so adjustments, limitation and review never depend on a rule
 * author remembering to declare them. Labels are the words on a 案件审批表.
 */
export const COMMON_FACTS: readonly FactSpec[] = [
  // no defaults for the 第三十三条 facts: an exemption (or its refusal) must rest on what the case says
  { name: 'first_offense', type: 'boolean', label: '初次违法', help: '当事人是否首次实施该类违法行为（首违不罚的条件之一）', required: false },
  { name: 'minor', type: 'boolean', label: '违法行为轻微', help: '违法行为是否轻微（行政处罚法第三十三条第一款不予处罚的条件之一）', required: false },
  {
    name: 'harm',
    type: 'enum',
    label: '危害后果',
    help: '违法行为造成的危害后果：none 没有危害后果；minor 危害后果轻微；serious 危害后果严重',
    required: false,
    values: [
      { key: 'none', label: '没有危害后果' },
      { key: 'minor', label: '危害后果轻微' },
      { key: 'serious', label: '危害后果严重' },
    ],
  },
  { name: 'corrected_in_time', type: 'boolean', label: '及时改正', help: '当事人是否在责令改正期限内（或立案前）主动改正', required: false },
  { name: 'act_date', type: 'date', label: '违法行为发生日期', help: '违法行为发生之日；连续或者继续状态的，另填 act_end_date', required: false },
  { name: 'act_end_date', type: 'date', label: '违法行为终了日期', help: '违法行为有连续或者继续状态的，行为终了之日（时效从此日计算）', required: false },
  { name: 'discovered_date', type: 'date', label: '发现或投诉举报日期', help: '劳动保障行政部门发现违法行为或者接到投诉、举报之日', required: false },
  { name: 'decision_date', type: 'date', label: '处罚决定日期', help: '拟作出处罚决定之日；不填则为今天', required: false },
  {
    name: 'mitigation',
    type: 'enum',
    label: '从轻减轻情节',
    help: '行政处罚法第三十二条情节（主动消除或者减轻危害后果、受胁迫或者诱骗、主动供述、立功等）：none 无；lighter 从轻；reduced 减轻',
    required: false,
    default: 'none',
    values: [
      { key: 'none', label: '无' },
      { key: 'lighter', label: '从轻' },
      { key: 'reduced', label: '减轻' },
    ],
  },
  { name: 'aggravating', type: 'boolean', label: '从重情节', help: '是否有本单位裁量基准规定的从重情节（如一年内再次实施同一违法行为、拒不配合调查）', required: false, default: false },
  { name: 'hearing_held', type: 'boolean', label: '已举行听证', help: '是否已经举行听证（经听证的决定须经法制审核）', required: false, default: false },
  { name: 'proposed_fine', type: 'money', label: '拟罚款金额', unit: '元', help: '拟作出的罚款金额（元）；填写后审核、听证标志按此金额判断，否则按罚款幅度上限判断', required: false },
];

export const COMMON_FACT_NAMES = new Set(COMMON_FACTS.map((f) => f.name));

export type FactParse = { value: FactValue } | { error: 'type' | 'enum' | 'min' };

/** One raw value (a command-line string, a CSV cell, a YAML scalar) to a typed fact value. */
export function parseFactValue(spec: FactSpec, raw: unknown): FactParse {
  if (raw === null || raw === undefined) return { error: 'type' };
  if (raw instanceof Date) raw = raw.toISOString().slice(0, 10);
  const s = String(raw).trim();
  switch (spec.type) {
    case 'money': {
      const v = parseYuan(typeof raw === 'number' ? numberToPlain(raw) : s);
      if (v === undefined) return { error: 'type' };
      if (spec.min !== undefined && v < BigInt(Math.round(spec.min * 100))) return { error: 'min' };
      return { value: v };
    }
    case 'integer': {
      const v = parseCount(s);
      if (v === undefined) return { error: 'type' };
      if (spec.min !== undefined && v < spec.min) return { error: 'min' };
      return { value: v };
    }
    case 'boolean': {
      const v = typeof raw === 'boolean' ? raw : parseBool(s);
      return v === undefined ? { error: 'type' } : { value: v };
    }
    case 'date': {
      const v = parseDate(s);
      return v === undefined ? { error: 'type' } : { value: v };
    }
    case 'enum': {
      const n = s.normalize('NFKC');
      const hit = spec.values?.find((e) => e.key === n || e.label.normalize('NFKC') === n);
      return hit ? { value: hit.key } : { error: 'enum' };
    }
  }
}

/** YAML numbers arrive as doubles; 1e21 and friends would not survive String(). */
function numberToPlain(n: number): string {
  return Number.isFinite(n) ? n.toFixed(Math.min(6, (String(n).split('.')[1] ?? '').length)) : 'x';
}

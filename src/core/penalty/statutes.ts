import type { BandKind } from './types.js';

/**
 * The statutory ranges of the reference table (../shared/reference/penalty-law.md), per built-in rule id.
 * A rule with one of these ids, or a local rule whose parent has one, may not declare a statutory band
 * wider than the law: this is what stops a typo in a YAML file from becoming an unlawful fine.
 * Amounts in yuan per unit; multiples as ratios (1 = 1 倍).
 */
export interface StatuteBand {
  kind: BandKind;
  min: number;
  max: number;
  persons?: boolean;
  from?: string;
  to?: string;
}

export const STATUTES: Record<string, StatuteBand[]> = {
  'wage-arrears': [{ kind: 'multiple', min: 0.5, max: 1 }],
  'severance-unpaid': [{ kind: 'multiple', min: 0.5, max: 1 }],
  'no-written-contract': [{ kind: 'none', min: 0, max: 0 }],
  'unlicensed-dispatch': [
    { kind: 'multiple', min: 1, max: 5 },
    { kind: 'max_only', min: 0, max: 50000 },
  ],
  'dispatch-violation': [
    { kind: 'per_worker', min: 1000, max: 5000, to: '2013-06-30' },
    // before 2013 the fine needed 情节严重; otherwise only an order to correct
    { kind: 'none', min: 0, max: 0, to: '2013-06-30' },
    { kind: 'per_worker', min: 5000, max: 10000, from: '2013-07-01' },
  ],
  'unlicensed-agency': [{ kind: 'fixed', min: 10000, max: 50000 }, { kind: 'none', min: 0, max: 0 }],
  'agency-false-info': [{ kind: 'fixed', min: 10000, max: 50000 }, { kind: 'none', min: 0, max: 0 }],
  // 人力资源市场暂行条例 第四十三条: a fine only when 拒不改正
  'hr-service-violation': [{ kind: 'fixed', min: 10000, max: 50000 }, { kind: 'none', min: 0, max: 0 }],
  // 就业服务与就业管理规定 第六十七条 until the 条例 took effect; 条例 第二十四条、第四十三条 from 2018-10-01
  'employer-false-ad': [
    { kind: 'max_only', min: 0, max: 1000, to: '2018-09-30' },
    { kind: 'fixed', min: 10000, max: 50000, from: '2018-10-01' },
  ],
  'si-registration': [
    { kind: 'multiple', min: 1, max: 3 },
    { kind: 'per_worker', min: 500, max: 3000, persons: true },
  ],
  'si-contribution': [{ kind: 'multiple', min: 1, max: 3 }],
  overtime: [{ kind: 'per_worker', min: 100, max: 500 }],
  'child-labour': [{ kind: 'per_worker_month', min: 5000, max: 20000 }],
  'special-protection': [{ kind: 'per_worker', min: 1000, max: 5000 }],
  obstruction: [{ kind: 'fixed', min: 2000, max: 20000 }, { kind: 'none', min: 0, max: 0 }],
  'wage-concealment': [{ kind: 'multiple', min: 1, max: 3 }],
  'migrant-wage-ledger': [
    { kind: 'fixed', min: 20000, max: 50000 },
    { kind: 'per_worker', min: 10000, max: 30000, persons: true },
  ],
  'migrant-wage-account': [{ kind: 'fixed', min: 50000, max: 100000 }],
  'migrant-wage-other': [{ kind: 'fixed', min: 50000, max: 100000 }],
};

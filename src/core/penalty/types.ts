import type { IsoDate } from '../values.js';
import type { Fen, Ratio } from './money.js';

/** The structured condition grammar: data, never code. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { always: true }
  | Comparison;

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'in';
export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in'];

export interface Comparison {
  fact: string;
  op: CompareOp;
  /** already typed: bigint fen for money, number, boolean, ISO date string, enum key; arrays for `in` */
  value: FactValue | FactValue[];
}

export type FactType = 'money' | 'integer' | 'boolean' | 'date' | 'enum';
export type FactValue = bigint | number | boolean | string;

export interface FactSpec {
  name: string;
  type: FactType;
  label: string;
  help?: string;
  unit?: string;
  required: boolean;
  default?: FactValue;
  /** enum keys in order, with their Chinese labels */
  values?: { key: string; label: string }[];
  min?: number;
}

export type BandKind = 'fixed' | 'per_worker' | 'per_worker_month' | 'multiple' | 'max_only' | 'none';
export const BAND_KINDS: readonly BandKind[] = ['fixed', 'per_worker', 'per_worker_month', 'multiple', 'max_only', 'none'];

/**
 * A statutory band. min/max are fen per unit (fixed, per_worker, per_worker_month, max_only)
 * or ratios (multiple). `per` names the count facts, `of` the money fact a multiple is taken of.
 */
export interface StatutoryBand {
  name: string;
  kind: BandKind;
  per: string[];
  of?: string;
  min: bigint;
  max: bigint;
  /** "可以并处罚款": the fine itself is discretionary */
  optional: boolean;
  line?: number;
}

/** A level's band: a sub-range of one statutory band, in the same units. */
export interface LevelBand {
  use: string;
  min: bigint;
  max: bigint;
  line?: number;
}

export interface Level {
  name: string;
  when: Condition;
  band?: LevelBand;
  personsBand?: LevelBand;
  measures: string[];
  line?: number;
}

export interface Basis {
  law: string;
  article: string;
  text?: string;
}

export interface RuleVersion {
  version: string;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate;
  basis: Basis[];
  /** penalty = 行政处罚 (fine); order = 行政处理 (e.g. 加付赔偿金), which never triggers hearing or fine thresholds */
  nature: 'penalty' | 'order';
  /** the fine applies only when an order to correct/pay was ignored */
  orderFirst: boolean;
  measures: string[];
  bands: StatutoryBand[];
  personsBand?: StatutoryBand;
  levels: Level[];
  line?: number;
}

export interface Limitation {
  years: number;
  /** 行政处罚法 第36条: 5 years where life/health/financial safety is involved and harm occurred */
  extendedYears?: number;
  extendedWhen?: Condition;
}

export interface Rule {
  id: string;
  name: string;
  nameEn?: string;
  parent?: string;
  facts: FactSpec[];
  /** 第33条 does not apply to 行政处理, and some offices exclude rules from 首违不罚 */
  exemptions: { shall: boolean; firstOffense: boolean };
  limitation?: Limitation;
  /** 社会保险法 第86条 滞纳金: a money fact, accrued per day from one date fact to another (or the decision date) */
  lateFee?: { of: string; from: string; to: string };
  versions: RuleVersion[];
  file: string;
  line?: number;
}

export type Party = 'org' | 'individual';

/** review.yaml: per-office thresholds and discretion settings, all money in fen. */
export interface ReviewConfig {
  lighterShare: Ratio;
  heavierShare: Ratio;
  reducedFloorShare: Ratio;
  firstOffense: 'apply' | 'suggest';
  limitationYears: number;
  hearing: { individual: Fen; org: Fen; measures: string[] };
  legal: { individual: Fen; org: Fen; afterHearing: boolean; measures: string[] };
  dual: { reduced: boolean; heavier: boolean };
  criminal: { rule: string; when: Condition; line?: number }[];
  /** late fee per day in parts per million of the arrears (0.05% = 500) */
  lateFeePpm: bigint;
  file?: string;
}

export type Facts = Record<string, FactValue>;

export interface Case {
  rule: string;
  party: Party;
  facts: Facts;
}

export type Adjustment = 'none' | 'reduced' | 'lighter' | 'heavier';

export interface ComputedBand {
  kind: BandKind;
  min: Fen;
  max: Fen;
  /** 减轻: the band ends strictly below the statutory minimum */
  maxExclusive: boolean;
  optional: boolean;
  /** "12人 × 100–500元 = 1,200–6,000元" parts, rendered by the command layer */
  formula: FormulaParts;
  /** the level's band before 从轻/从重/减轻 moved it */
  adjustedFrom?: { min: Fen; max: Fen };
}

export type FormulaParts =
  | { kind: 'fixed' | 'max_only'; unitMin: Fen; unitMax: Fen }
  | { kind: 'per_worker'; count: number; unit: string; unitMin: Fen; unitMax: Fen }
  | { kind: 'per_worker_month'; count: number; months: number; unit: string; unitMin: Fen; unitMax: Fen }
  | { kind: 'multiple'; base: Fen; ratioMin: Ratio; ratioMax: Ratio };

export type Reason =
  | { kind: 'condition'; leaf: Comparison; actual: FactValue | undefined; held: boolean }
  | { kind: 'limitation'; from: IsoDate; discovered: IsoDate; years: number; barred: boolean; continuing: boolean }
  | { kind: 'limitationUnchecked' }
  | { kind: 'exemptShall' }
  | { kind: 'exemptMay'; applied: boolean }
  | { kind: 'exemptionNotApplicable' }
  | { kind: 'orderFirst'; ignored: boolean }
  | { kind: 'adjustment'; adjustment: Adjustment; share?: Ratio }
  | { kind: 'adjustmentOverridden'; adjustment: Adjustment; by: Adjustment }
  | { kind: 'reducedNoFloor' }
  | { kind: 'version'; chosen: string; other?: string; why: 'same' | 'oldHeavierNew' | 'newLighter' | 'oldNotLighter' | 'noActDate' }
  | { kind: 'lateFee'; days: number; from: IsoDate; to: IsoDate }
  | { kind: 'criminal' }
  | { kind: 'reviewDual'; adjustment: Adjustment }
  | { kind: 'reviewLegal'; why: 'amount' | 'hearing' | 'measure'; amount?: Fen; measure?: string }
  | { kind: 'reviewHearing'; why: 'amount' | 'measure'; amount?: Fen; measure?: string }
  | { kind: 'fineOptional' }
  | { kind: 'proposedOutside'; proposed: Fen };

export interface Result {
  rule: string;
  name: string;
  version: string;
  punishable: boolean;
  exemption: 'shall' | 'may' | null;
  barred: boolean;
  level: string | null;
  adjustment: Adjustment;
  band: ComputedBand | null;
  personsBand: ComputedBand | null;
  /** the rule's full statutory band for these facts, for the 从旧兼从轻 comparison and for checks */
  statutoryBand: ComputedBand | null;
  measures: string[];
  basis: Basis[];
  reasons: Reason[];
  review: { dual: boolean; legal: boolean; hearing: boolean };
  criminalReferral: boolean;
  lateFee: Fen | null;
  nature: 'penalty' | 'order';
}

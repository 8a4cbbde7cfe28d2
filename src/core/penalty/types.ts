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
  /**
   * A second per-worker-month term at a different rate over a different count of months (禁止使用童工规定
   * 第六条第二款: 1万元 per child per month from the order date, on top of 5,000元 for the months before).
   */
  then?: { per: [string, string]; amount: bigint };
  line?: number;
}

/**
 * What a measure is in law, so review flags follow the law's categories (行政处罚法 第九条、第六十三条)
 * rather than the wording a rule author happened to use.
 */
export type MeasureKind =
  | 'correction'
  | 'payment'
  | 'warning'
  | 'confiscation'
  | 'suspension'
  | 'closure'
  | 'revocation'
  | 'downgrade'
  | 'restriction'
  | 'referral'
  | 'other';
export const MEASURE_KINDS: readonly MeasureKind[] = ['correction', 'payment', 'warning', 'confiscation', 'suspension', 'closure', 'revocation', 'downgrade', 'restriction', 'referral', 'other'];
/** 行政处罚法 第六十三条第一款第（三）、（四）项: these always carry the right to a hearing. */
export const HEARING_KINDS_BY_LAW: readonly MeasureKind[] = ['revocation', 'downgrade', 'suspension', 'closure', 'restriction'];

export interface Measure {
  text: string;
  kind: MeasureKind;
  /** applies only when this holds; a fact it needs that the case lacks makes the measure undetermined */
  when?: Condition;
  /**
   * for a confiscation: the money fact that holds what is taken (违法所得, or the value of 非法财物),
   * so that 第六十三条第一款第（二）项 (没收较大数额) can be judged; without it the hearing flag cannot be
   */
  amount?: string;
  line?: number;
}

export interface Level {
  name: string;
  when: Condition;
  band?: LevelBand;
  personsBand?: LevelBand;
  measures: Measure[];
  /** the tool does not compute this level: the case is refused with this explanation, never given a band */
  refuse?: string;
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
  measures: Measure[];
  /** the rule author is not sure this is the governing text: every result says 依据待核对 and why */
  basisPending?: string;
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
  /** which adjustment wins when several apply: this tool's default, not 第三十二条's */
  adjustmentOrder: Adjustment[];
  /** the office's published 首违不罚清单: only these rules apply 第三十三条 first-offense exemption without discussion */
  firstOffenseList: string[];
  limitationYears: number;
  /** confiscation*: 第六十三条第一款第（二）项's 较大数额 for 没收; this tool's default is the fine's */
  hearing: { individual: Fen; org: Fen; kinds: MeasureKind[]; confiscationIndividual: Fen; confiscationOrg: Fen };
  legal: { individual: Fen; org: Fen; afterHearing: boolean; kinds: MeasureKind[]; onReferral: boolean; onReferralUndetermined: boolean };
  dual: { reduced: boolean; heavier: boolean };
  /** 两法衔接 conditions per rule, with the provision they come from (quoted in the reason) */
  criminal: { rule: string; when: Condition; basis?: string; line?: number }[];
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
  | { kind: 'per_worker_month'; count: number; months: number; unit: string; unitMin: Fen; unitMax: Fen; then?: { months: number; amount: Fen } }
  | { kind: 'multiple'; base: Fen; ratioMin: Ratio; ratioMax: Ratio };

export type Reason =
  | { kind: 'condition'; leaf: Comparison; actual: FactValue | undefined; held: boolean }
  | { kind: 'limitation'; from: IsoDate; discovered: IsoDate; years: number; barred: boolean; continuing: boolean }
  | { kind: 'limitationUnchecked' }
  | { kind: 'exemptShall' }
  | { kind: 'exemptMay'; listed: boolean; harm: string }
  | { kind: 'exemptionNotApplicable' }
  /** 第三十三条 could apply but facts it needs were not given */
  | { kind: 'exemptionUndetermined'; missing: string[] }
  | { kind: 'basisPending'; note: string }
  | { kind: 'measureUndetermined'; measure: string; missing: string[] }
  | { kind: 'orderFirst'; ignored: boolean }
  | { kind: 'adjustment'; adjustment: Adjustment; share?: Ratio }
  | { kind: 'adjustmentOverridden'; adjustment: Adjustment; by: Adjustment }
  | { kind: 'reducedNoFloor' }
  | { kind: 'version'; chosen: string; other?: string; why: 'same' | 'oldHeavierNew' | 'newLighter' | 'oldNotLighter' | 'noActDate' }
  | { kind: 'lateFee'; days: number; from: IsoDate; to: IsoDate }
  | { kind: 'criminal'; value: Flag; missing: string[]; basis: string[] }
  | { kind: 'fineOptional' }
  | { kind: 'proposedOutside'; proposed: Fen };

/** yes / no / cannot judge: null is never "no", it comes with the facts that are missing */
export type Flag = boolean | null;

/** Why a flag has its value: the rule of review.yaml (or of law) that set it. */
export type FlagWhy =
  | { by: 'amount'; amount: Fen; threshold: Fen; party: Party; met: boolean; proposed: boolean }
  | { by: 'measure'; measure: string; kind: MeasureKind; pending: boolean }
  /** 没收 under 第六十三条第一款第（二）项: amount null when the case (or the rule) does not say how much */
  | { by: 'confiscation'; measure: string; amount: Fen | null; threshold: Fen; party: Party; met: boolean | null; fact: string | null; pending: boolean }
  | { by: 'hearingHeld' }
  | { by: 'referral'; value: Flag }
  | { by: 'adjustment'; adjustment: Adjustment }
  | { by: 'criminalRule'; rule: string }
  | { by: 'missing'; facts: string[] }
  | { by: 'noFine' }
  | { by: 'notPunishable' }
  | { by: 'noRule' };

export interface FlagResult {
  value: Flag;
  why: FlagWhy[];
}

export type FlagName = 'dual' | 'legal' | 'hearing' | 'criminal';

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
  measures: Measure[];
  /** measures whose condition needs facts the case lacks */
  pendingMeasures: { measure: Measure; missing: string[] }[];
  basis: Basis[];
  basisPending?: string;
  reasons: Reason[];
  flags: Record<FlagName, FlagResult>;
  lateFee: Fen | null;
  nature: 'penalty' | 'order';
}

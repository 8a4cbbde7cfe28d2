/**
 * The data model of a 双随机 draw. Pure types: the plan as the core sees it after parsePlan,
 * the period, the inputs and the result. docs/algorithm.md specifies how one becomes the other.
 */
import { InputError, type Problem } from '../../errors.js';
import type { Employer, Inspector, UnitType } from '../records.js';
import type { IsoDate } from '../values.js';

/** Bumped whenever any byte of a ticket input or any selection rule changes: old draws stay verifiable. */
export const ALGORITHM_VERSION = 'shuangsui-draw/1';

/**
 * The name of the full-coverage task when the plan gives none. It is printed into the output files,
 * whose bytes must not depend on --lang, so it is data (fixed Chinese), not a UI message.
 */
export const DEFAULT_FULL_COVERAGE_NAME = '重点监管对象全覆盖检查';

/** One line of the 随机抽查事项清单. */
export interface PlanItem {
  id: string;
  name: string;
  /** legal basis (检查依据), free text */
  basis: string;
  /** the 专业领域 an inspector must hold to check this item */
  specialty: string;
  /** unit types the item applies to; null = every unit, including one whose type is not filled in */
  scope: UnitType[] | null;
}

/** Conditions of a 定向 task or of full coverage; every condition present must hold (AND). Lists are OR. */
export interface PlanFilter {
  type?: UnitType[];
  industry?: string[];
  region?: string[];
  employeesMin?: number;
  employeesMax?: number;
  abnormal?: boolean;
  seriousViolation?: boolean;
  key?: boolean;
  complaintsMin?: number;
}

/** How many a task draws per period. `all` is only used for the full-coverage pseudo-task. */
export type TaskSize =
  | { kind: 'ratio_per_period'; ratio: number; /** the ratio as written, e.g. "0.05": rounding is exact on it */ text: string }
  | { kind: 'ratio_per_year'; ratio: number; text: string }
  | { kind: 'count'; count: number }
  | { kind: 'all' };

/** 加大抽查力度: factors on the inclusion probability, multiplied together when several apply. */
export interface RiskWeights {
  complaints: { min: number; factor: number } | null;
  abnormal: number | null;
  seriousViolation: number | null;
}

export type StratifyKey = 'region' | 'industry';

export interface PlanTask {
  id: string;
  name: string;
  mode: 'untargeted' | 'targeted';
  /** null for untargeted tasks */
  filter: PlanFilter | null;
  /** item ids, in plan order */
  items: string[];
  size: TaskSize;
  stratifyBy: StratifyKey[];
  weights: RiskWeights | null;
}

export interface FullCoverage {
  /** a task-like record so that assignments of full coverage look like any other */
  task: PlanTask;
  /** include every employer with 重点监管 = 是 (default true) */
  includeKey: boolean;
}

export interface Plan {
  id: string;
  office: string;
  year: number;
  frequency: 1 | 2 | 4 | 12;
  items: PlanItem[];
  tasks: PlanTask[];
  fullCoverage: FullCoverage | null;
  exclusions: {
    /** employers whose 上次检查日期 is less than this many days before as-of are left out; null = no rule */
    inspectedWithinDays: number | null;
  };
  team: { size: number; maxPerInspectorPerPeriod: number | null; avoidHomeRegion: boolean };
  allowRepeatWithinYear: boolean;
}

export type ProblemAt = (path: (string | number)[], message: string, value?: unknown) => Problem;

export interface Period {
  label: string;
  year: number;
  /** 1-based: H2 → 2, Q3 → 3, 2026-03 → 3 */
  index: number;
  perYear: 1 | 2 | 4 | 12;
  start: IsoDate;
  end: IsoDate;
}

export interface DrawInput {
  plan: Plan;
  period: Period;
  seed: string;
  /** the inspection date: certificates must be valid on it, and the last-inspected rule counts back from it */
  asOf: IsoDate;
  employers: readonly Employer[];
  inspectors: readonly Inspector[];
  /** USCCs drawn at random earlier this year by this plan (from the ledger) */
  alreadyDrawn: ReadonlySet<string>;
}

export interface Assignment {
  task: PlanTask;
  /** the task's items that apply to this employer's unit type */
  items: PlanItem[];
  employer: Employer;
  stratum: string;
  method: 'random' | 'full_coverage';
  /** 64 hex digits; full coverage employers get one too (it orders team assignment) */
  ticket: string | null;
  /** π of the design; 1 for take-all and full coverage */
  inclusionProbability: number | null;
  /** leader (组长) first */
  team: Inspector[];
}

export interface StratumCount {
  task: string;
  stratum: string;
  /** employers of the task's population in this stratum (before exclusions) */
  population: number;
  eligible: number;
  quota: number;
  drawn: number;
  fullCoverage: number;
  /** the largest order-sampling key that was drawn (null when nothing was drawn at random) */
  cutoff: number | null;
  /** weighted tasks: how many were take-all (π = 1) */
  takeAll: number;
  /** weighted tasks: W' = the sum of the weights of the units that are not take-all, so π = ((quota − takeAll)·w)/W' */
  restWeight: number | null;
  /** weighted tasks: the smallest weight that is take-all (null: none) */
  takeAllFrom: number | null;
}

export interface DrawResult {
  algorithm: string;
  /** deterministic order: full coverage first, then tasks in plan order; within a task by stratum, then ticket */
  assignments: Assignment[];
  counts: StratumCount[];
  workload: { min: number; max: number; byInspector: [string, number][] };
  warnings: string[];
}

/** The roster cannot staff the draw: problems name each employer/item and why. Nothing may be written. */
export class UnstaffableError extends InputError {
  constructor(message: string, problems: Problem[]) {
    super(message, problems);
    this.name = 'UnstaffableError';
  }
}

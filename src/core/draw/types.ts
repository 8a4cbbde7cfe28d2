/**
 * The data model of a 双随机 draw. Pure types: the plan as the core sees it after parsePlan,
 * the period, the inputs and the result. docs/algorithm.md specifies how one becomes the other.
 */
import { InputError, type Problem } from '../../errors.js';
import type { Employer, Inspector, UnitType } from '../records.js';
import type { IsoDate } from '../values.js';
import type { Winners } from './winners.js';

/**
 * Bumped whenever any byte of a ticket input or any selection rule changes: old draws stay verifiable.
 * v1 (Hamilton allocation, Pareto πps) is kept for verifying the draws made with it, forever; new draws
 * use v2 (unbiased systematic allocation with exact π, whole-year carry, spreading workload).
 */
export const ALGORITHM_V1 = 'shuangsui-draw/1';
export const ALGORITHM_V2 = 'shuangsui-draw/2';
/** the version new draws use */
export const ALGORITHM_VERSION = ALGORITHM_V2;
/** every version this tool can draw and verify */
export const ALGORITHMS: readonly string[] = [ALGORITHM_V1, ALGORITHM_V2];
export type AlgorithmVersion = typeof ALGORITHM_V1 | typeof ALGORITHM_V2;

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
  /** the algorithm to draw with; default ALGORITHM_VERSION (v2). Verification passes the manifest's. */
  algorithm?: AlgorithmVersion;
  /**
   * v2, ratio_per_year: how many each stratum of each task drew in the earlier periods of the year
   * (the ledger's counts, the last entry per period). Missing = none.
   */
  priorDrawn?: readonly PriorDrawn[];
}

/** Drawn at random in the earlier periods of the plan year, per task and stratum (summed over periods). */
export interface PriorDrawn {
  task: string;
  stratum: string;
  drawn: number;
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
  /**
   * v2: the stratum's expected quota x_h (its exact share, after caps), of which `takeAll` are certain;
   * the rest, x_h − takeAll, is spread over the other eligible units as π = (x_h − takeAll)·w/restWeight.
   * null for v1 and full coverage.
   */
  expected?: number | null;
  /** v2, ratio_per_year: drawn in the earlier periods of the year (from the ledger) */
  priorDrawn?: number;
  /** v2, ratio_per_year: the stratum's target for the whole year, R·P·s_h/S */
  yearTarget?: number | null;
}

/** Something the user should know about a draw; the CLI says it in zh or en. */
export type DrawWarning =
  | { code: 'draw.full_coverage.out_of_scope'; count: number }
  | { code: 'draw.task.type.missing'; task: string; count: number }
  | { code: 'draw.task.capped'; task: string; target: number; eligible: number }
  | { code: 'draw.task.none_eligible'; task: string }
  | { code: 'draw.inspectors.barred'; count: number; total: number };

/** Why no inspector could be found for a drawn employer. */
export interface StaffingFailure {
  employer: { name: string; uscc: string; line: number };
  task: string;
  /** the items whose specialties no candidate holds (empty: the team is too small) */
  items: string[];
  specialties: string[];
  size: number;
  have: number;
  why: { bySpecialty: boolean; holders: number; barred: number; recused: number; home: number; full: number; cap: number | null };
}

export interface DrawResult {
  algorithm: string;
  /** deterministic order: full coverage first, then tasks in plan order; within a task by stratum, then ticket */
  assignments: Assignment[];
  /**
   * The same draw in columns (winners.ts), when the draw made it: the outputs are streamed from it
   * a batch at a time, and `assignments` is then built only when read.
   */
  winners?: Winners;
  counts: StratumCount[];
  workload: { min: number; max: number; byInspector: [string, number][] };
  warnings: DrawWarning[];
}

/**
 * The roster cannot staff the draw: `failures` name each employer/item and why. Nothing may be written.
 * The core gives the facts; the CLI layer (renderUnstaffable) turns them into the message and problems.
 */
export class UnstaffableError extends InputError {
  constructor(
    public readonly failures: StaffingFailure[],
    message = `unstaffable: ${failures.length}`,
    problems: Problem[] = failures.map((f) => ({ line: f.employer.line, value: f.employer.uscc, message: f.employer.uscc })),
  ) {
    super(message, problems);
    this.name = 'UnstaffableError';
  }
}

/**
 * Period labels: 2026 (yearly), 2026H1/H2, 2026Q1..Q4, 2026-03 (monthly). The label is part of every
 * ticket input, so one spelling per period: H and Q are upper case, months have two digits.
 */
import type { IsoDate } from '../values.js';
import type { Period, Plan } from './types.js';

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).getUTCDate();

/** Why a label is not a period of the plan; `code` names it for docs/codes.md. */
export type PeriodFault = 'bad' | 'wrongFrequency' | 'wrongYear';
const PERIOD_CODES: Record<PeriodFault, string> = {
  bad: 'draw.period.label.bad',
  wrongFrequency: 'draw.period.frequency.wrong',
  wrongYear: 'draw.period.year.wrong',
};

/**
 * A period label the plan cannot use. The core does not know whether the label was typed as an
 * argument (a usage error: loadDrawInputs words it with the plan's periods) or read from a manifest
 * (that file is wrong): the caller decides, and words it.
 */
export class PeriodError extends Error {
  readonly code: string;
  constructor(
    readonly label: string,
    readonly reason: PeriodFault,
  ) {
    super(`${reason}: ${label}`);
    this.name = 'PeriodError';
    this.code = PERIOD_CODES[reason];
  }
}

export function parsePeriod(label: string, plan: Plan): Period {
  const s = label.trim();
  let year: number;
  let perYear: Period['perYear'];
  let index: number;
  let mt: RegExpExecArray | null;
  if ((mt = /^(\d{4})$/.exec(s))) [year, perYear, index] = [Number(mt[1]), 1, 1];
  else if ((mt = /^(\d{4})H([12])$/.exec(s))) [year, perYear, index] = [Number(mt[1]), 2, Number(mt[2])];
  else if ((mt = /^(\d{4})Q([1-4])$/.exec(s))) [year, perYear, index] = [Number(mt[1]), 4, Number(mt[2])];
  else if ((mt = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(s))) [year, perYear, index] = [Number(mt[1]), 12, Number(mt[2])];
  else throw new PeriodError(label, 'bad');
  if (perYear !== plan.frequency) throw new PeriodError(s, 'wrongFrequency');
  if (year !== plan.year) throw new PeriodError(s, 'wrongYear');
  const months = 12 / perYear;
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = index * months;
  const start: IsoDate = `${year}-${pad(firstMonth)}-01`;
  const end: IsoDate = `${year}-${pad(lastMonth)}-${pad(lastDay(year, lastMonth))}`;
  return { label: s, year, index, perYear, start, end };
}

/** Every period label of a plan's year, in order (for prompts and for ratio_per_year documentation). */
export function periodLabels(year: number, frequency: Plan['frequency']): string[] {
  return Array.from({ length: frequency }, (_, i) => example(year, frequency, i + 1));
}

function example(year: number, frequency: Plan['frequency'], index = 1): string {
  if (frequency === 1) return String(year);
  if (frequency === 2) return `${year}H${index}`;
  if (frequency === 4) return `${year}Q${index}`;
  return `${year}-${pad(index)}`;
}

import type { Plan } from '../draw/types.js';

/**
 * The part of the 抽查计划 the checks need. The plan format belongs to the draw core
 * (src/core/draw parsePlan), which validates it; the checks see only this view, so their
 * tests can build plans in a line.
 */
export interface PlanView {
  id: string;
  year: number;
  frequency: 1 | 2 | 4 | 12;
  items: { id: string; name: string; specialty: string }[];
  tasks: { id: string; name: string; ratioPerYear: number | null }[];
  allowRepeatWithinYear: boolean;
}

/** The draw core's plan, seen by the checks. */
export function planViewOf(plan: Plan): PlanView {
  const ratioPerYear = (size: Plan['tasks'][number]['size']): number | null =>
    size.kind === 'ratio_per_year' ? size.ratio : size.kind === 'ratio_per_period' ? size.ratio * plan.frequency : null;
  return {
    id: plan.id,
    year: plan.year,
    frequency: plan.frequency,
    items: plan.items.map((i) => ({ id: i.id, name: i.name, specialty: i.specialty })),
    tasks: plan.tasks.map((t) => ({ id: t.id, name: t.name, ratioPerYear: ratioPerYear(t.size) })),
    allowRepeatWithinYear: plan.allowRepeatWithinYear,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The periods of a plan year with the labels the draw CLI writes (2026, 2026H1, 2026Q3, 2026-03). */
export function planPeriods(plan: Pick<PlanView, 'year' | 'frequency'>): { label: string; start: string; end: string }[] {
  const { year, frequency } = plan;
  return Array.from({ length: frequency }, (_, i) => {
    const label = frequency === 1 ? String(year) : frequency === 2 ? `${year}H${i + 1}` : frequency === 4 ? `${year}Q${i + 1}` : `${year}-${pad(i + 1)}`;
    const months = 12 / frequency;
    const lastMonth = (i + 1) * months;
    const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
    return { label, start: `${year}-${pad(i * months + 1)}-01`, end: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
  });
}

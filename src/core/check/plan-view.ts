import { InputError, type Problem } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { ProblemAt } from '../calendar/index.js';

/**
 * The part of the 抽查计划 the checks need. The plan format belongs to the draw core
 * (src/core/draw parsePlan); this reads only these keys, tolerating everything else, so
 * `check` keeps working on any plan the draw core accepts.
 */
export interface PlanView {
  id: string;
  year: number;
  frequency: 1 | 2 | 4 | 12;
  items: { id: string; name: string; specialty: string }[];
  tasks: { id: string; name: string; ratioPerYear: number | null }[];
  allowRepeatWithinYear: boolean;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FREQUENCIES = [1, 2, 4, 12];

export function readPlanView(data: unknown, at: ProblemAt, origin: string): PlanView {
  const t = m().check;
  const problems: Problem[] = [];
  if (!isMap(data)) throw new InputError(m().io.yamlNotMapping, [at([], m().io.yamlNotMapping)]);
  const text = (v: unknown, path: (string | number)[]) => {
    if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v).trim();
    problems.push(at(path, m().io.required, v));
    return '';
  };
  const id = text(data.id, ['id']);
  const year = typeof data.year === 'number' && Number.isInteger(data.year) ? data.year : NaN;
  if (Number.isNaN(year)) problems.push(at(['year'], m().calendar.badYear, data.year));
  if (!FREQUENCIES.includes(data.frequency as number)) problems.push(at(['frequency'], t.badFrequency, data.frequency));
  const items: PlanView['items'] = [];
  if (!Array.isArray(data.items)) problems.push(at(['items'], m().calendar.notList));
  else
    data.items.forEach((it, i) => {
      if (!isMap(it)) return void problems.push(at(['items', i], m().calendar.notMapping));
      items.push({ id: text(it.id, ['items', i, 'id']), name: text(it.name, ['items', i, 'name']), specialty: text(it.specialty, ['items', i, 'specialty']) });
    });
  const tasks: PlanView['tasks'] = [];
  if (data.tasks !== undefined && !Array.isArray(data.tasks)) problems.push(at(['tasks'], m().calendar.notList));
  else
    ((data.tasks as unknown[]) ?? []).forEach((tk, i) => {
      if (!isMap(tk)) return void problems.push(at(['tasks', i], m().calendar.notMapping));
      const size = isMap(tk.size) ? tk.size : {};
      const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
      const perYear = num(size.ratio_per_year);
      const perPeriod = num(size.ratio_per_period);
      const ratio = Number.isFinite(perYear) ? perYear : Number.isFinite(perPeriod) ? perPeriod * Number(data.frequency) : null;
      tasks.push({ id: text(tk.id, ['tasks', i, 'id']), name: String(tk.name ?? tk.id ?? ''), ratioPerYear: ratio });
    });
  if (problems.length) throw new InputError(m().errors.problemCount(problems.length, origin), problems);
  return { id, year, frequency: data.frequency as PlanView['frequency'], items, tasks, allowRepeatWithinYear: data.allow_repeat_within_year === true };
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

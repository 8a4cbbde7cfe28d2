import type { Plan, PlanFilter, PlanItem, PlanTask, TaskSize } from '../draw/types.js';

/**
 * The 随机抽查事项清单 as an office publishes it (石嘴山: 抽查项目、主体、依据、内容、比例、频次、方式),
 * built from the plan the draws use, so the published list cannot drift from what is drawn.
 * The cells are published data, fixed Chinese like every output file, not interface messages.
 */

export const ITEMS_COLUMNS = ['抽查事项', '抽查依据', '抽查主体', '抽查对象', '抽查方式', '抽查比例', '抽查频次', '抽查任务'] as const;

const FREQUENCY: Record<Plan['frequency'], string> = {
  1: '每年1次',
  2: '每年2次（上、下半年各1次）',
  4: '每年4次（每季度1次）',
  12: '每年12次（每月1次）',
};

/** 0.1 → 10%, 0.025 → 2.5%: from the digits the plan wrote, so no float noise reaches the page. */
export function percentText(text: string): string {
  const [int = '0', frac = ''] = text.split('.');
  const digits = (int + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  const whole = digits.slice(0, digits.length - Math.max(0, frac.length - 2));
  const rest = frac.length > 2 ? frac.slice(2) : '';
  return `${whole}${rest ? '.' + rest : ''}%`;
}

export function sizeText(size: TaskSize, frequency: Plan['frequency']): string {
  switch (size.kind) {
    case 'ratio_per_year':
      return frequency === 1 ? `每年${percentText(size.text)}` : `每年${percentText(size.text)}（分${frequency}期抽取）`;
    case 'ratio_per_period':
      return `每期${percentText(size.text)}`;
    case 'count':
      return `每期${size.count}家`;
    case 'all':
      return '全覆盖（100%）';
  }
}

const list = (v: readonly string[]) => v.join('、');

/** A 定向 filter in the words of the 事项清单; every condition holds at once, a list means any of them. */
export function filterText(f: PlanFilter): string {
  const parts: string[] = [];
  if (f.industry?.length) parts.push(`行业为${list(f.industry)}`);
  if (f.type?.length) parts.push(`单位类型为${list(f.type)}`);
  if (f.region?.length) parts.push(`所属区域为${list(f.region)}`);
  if (f.employeesMin !== undefined && f.employeesMax !== undefined) parts.push(`职工人数${f.employeesMin}至${f.employeesMax}人`);
  else if (f.employeesMin !== undefined) parts.push(`职工人数${f.employeesMin}人以上`);
  else if (f.employeesMax !== undefined) parts.push(`职工人数${f.employeesMax}人以下`);
  if (f.complaintsMin !== undefined) parts.push(`投诉举报${f.complaintsMin}次以上`);
  if (f.abnormal !== undefined) parts.push(f.abnormal ? '列入经营异常名录' : '未列入经营异常名录');
  if (f.seriousViolation !== undefined) parts.push(f.seriousViolation ? '有严重违法记录' : '无严重违法记录');
  if (f.key !== undefined) parts.push(f.key ? '重点监管对象' : '非重点监管对象');
  return parts.join('，');
}

function subjectText(task: PlanTask, item: PlanItem, fullCoverage: boolean, includeKey: boolean): string {
  const parts: string[] = [];
  if (fullCoverage) {
    if (includeKey) parts.push('全部重点监管对象');
    if (task.filter) parts.push(`${includeKey ? '及' : ''}${filterText(task.filter)}的用人单位`);
  } else if (task.mode === 'untargeted') {
    parts.push('名录库内全部用人单位');
  } else {
    parts.push(`${task.filter ? filterText(task.filter) : ''}的用人单位`);
  }
  if (item.scope) parts.push(`（本事项限${list(item.scope)}）`);
  return parts.join('');
}

function modeText(task: PlanTask, fullCoverage: boolean): string {
  if (fullCoverage) return '重点监管（全覆盖）';
  return task.mode === 'untargeted' ? '不定向抽查' : '定向抽查';
}

/**
 * One row per item and task that checks it: the ratio and the way of drawing belong to the task.
 * An item no task checks this year is still listed (it is on the office's 清单) and says so.
 */
export function itemsList(plan: Plan): { header: string[]; rows: string[][] } {
  const rows: string[][] = [];
  const used = new Set<string>();
  const tasks: [PlanTask, boolean][] = [...(plan.fullCoverage ? [[plan.fullCoverage.task, true] as [PlanTask, boolean]] : []), ...plan.tasks.map((t) => [t, false] as [PlanTask, boolean])];
  for (const item of plan.items) {
    for (const [task, full] of tasks) {
      if (!task.items.includes(item.id)) continue;
      used.add(item.id);
      rows.push([
        item.name,
        item.basis,
        plan.office,
        subjectText(task, item, full, full && plan.fullCoverage!.includeKey),
        modeText(task, full),
        sizeText(task.size, plan.frequency),
        FREQUENCY[plan.frequency],
        task.name,
      ]);
    }
    if (!used.has(item.id)) rows.push([item.name, item.basis, plan.office, '', '本年度抽查计划未安排', '', '', '']);
  }
  return { header: [...ITEMS_COLUMNS], rows };
}

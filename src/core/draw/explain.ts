/**
 * `--explain`: why an employer was or was not drawn, and why an inspector was or was not on a team,
 * recomputed from the same rules as the draw (draw.ts) and the counts it recorded.
 */
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import type { Employer, Inspector } from '../records.js';
import { normaliseUscc } from '../uscc.js';
import {
  applicableItems,
  daysBetween,
  filterFailures,
  inspectedRecently,
  inspectorBars,
  isFullCoverage,
  paretoKey,
  requiredSpecialties,
  stratumOf,
  weightOf,
} from './draw.js';
import { ticketHex, ticketInput, ticketUnit } from './ticket.js';
import type { DrawInput, DrawResult, PlanTask } from './types.js';

export function explain(input: DrawInput, result: DrawResult, id: string): string[] {
  const key = id.trim();
  const employer = input.employers.find((e) => e.uscc === normaliseUscc(key));
  if (employer) return explainEmployer(input, result, employer);
  const inspector = input.inspectors.find((i) => i.id === key);
  if (inspector) return explainInspector(input, result, inspector);
  throw new UsageError(m().draw.explain.unknown(id));
}

function explainEmployer(input: DrawInput, result: DrawResult, e: Employer): string[] {
  const t = m().draw.explain;
  const { plan } = input;
  const lines: string[] = [t.employerHead(e.name, e.uscc, e.type, e.industry, e.region)];
  const itemsById = new Map(plan.items.map((it) => [it.id, it]));
  const itemsOf = (task: PlanTask) => task.items.map((i) => itemsById.get(i)!).filter(Boolean);
  const drawn = result.assignments.find((a) => a.employer.uscc === e.uscc);
  const scope = (task: PlanTask) => ({ seed: input.seed, planId: plan.id, period: input.period.label, taskId: task.id });

  const fc = plan.fullCoverage;
  if (fc) {
    if (!isFullCoverage(plan, e)) lines.push(t.notFullCoverage(fc.task.name));
    else if (applicableItems(itemsOf(fc.task), e).length === 0) lines.push(t.fullCoverageOutOfScope(fc.task.name, e.type));
    else lines.push(t.fullCoverage(fc.task.name, e.key));
  }
  for (const task of plan.tasks) {
    const head = t.task(task.name);
    if (drawn && drawn.method === 'full_coverage') {
      lines.push(head + t.coveredByFull);
      continue;
    }
    if (task.filter) {
      const fails = filterFailures(task.filter, e);
      if (fails.length) {
        lines.push(head + t.filterFails(fails.map((f) => t.condition(f.key, task.filter![f.key], f.value))));
        continue;
      }
    }
    if (applicableItems(itemsOf(task), e).length === 0) {
      lines.push(head + t.outOfScope(e.type));
      continue;
    }
    const stratum = stratumOf(task, e);
    const count = result.counts.find((c) => c.task === task.id && c.stratum === stratum);
    if (inspectedRecently(input, e)) {
      lines.push(head + t.inspectedRecently(e.lastInspected!, daysBetween(e.lastInspected!, input.asOf), plan.exclusions.inspectedWithinDays!));
      continue;
    }
    if (!plan.allowRepeatWithinYear && input.alreadyDrawn.has(e.uscc)) {
      lines.push(head + t.alreadyDrawn);
      continue;
    }
    const earlier = result.assignments.find((a) => a.employer.uscc === e.uscc && a.task.id !== task.id);
    const earlierIndex = earlier ? plan.tasks.findIndex((x) => x.id === earlier.task.id) : -1;
    if (earlier && earlierIndex < plan.tasks.indexOf(task)) {
      lines.push(head + t.takenEarlier(earlier.task.name));
      continue;
    }
    const input1 = ticketInput(scope(task), e.uscc);
    const hex = ticketHex(input1);
    const u = ticketUnit(hex);
    lines.push(head + t.eligible(stratum, count?.eligible ?? 0, count?.quota ?? 0));
    lines.push(t.ticket(input1, hex, u));
    let keyValue = u;
    let takeAll = false;
    if (task.weights && count) {
      const w = weightOf(task, e);
      takeAll = count.takeAllFrom !== null && w >= count.takeAllFrom;
      const pi = takeAll ? 1 : count.restWeight ? ((count.quota - count.takeAll) * w) / count.restWeight : 0;
      if (!takeAll) keyValue = paretoKey(u, pi);
      lines.push(t.weighted(w, pi, takeAll ? null : keyValue));
    } else if (count && count.eligible > 0) lines.push(t.unweighted(count.quota / count.eligible));
    const isDrawn = drawn?.task.id === task.id;
    if (takeAll) lines.push(t.takeAll);
    else if (count?.cutoff !== null && count?.cutoff !== undefined) lines.push(t.cutoff(count.cutoff, keyValue, isDrawn));
    else lines.push(t.noQuota);
    lines.push(isDrawn ? t.drawn : t.notDrawn);
  }
  if (drawn) {
    lines.push(t.items(drawn.items.map((it) => it.name)));
    lines.push(t.team(drawn.team.map((i) => `${i.name}（${i.id}）`), requiredSpecialties(drawn.items)));
  } else lines.push(t.notInList);
  return lines;
}

function explainInspector(input: DrawInput, result: DrawResult, i: Inspector): string[] {
  const t = m().draw.explain;
  const { plan } = input;
  const lines: string[] = [t.inspectorHead(i.name, i.id, i.unit, i.specialties)];
  const bars = inspectorBars(i, input.asOf);
  for (const b of bars) {
    if (b === 'status') lines.push(t.barStatus(i.status));
    else if (b === 'certMissing') lines.push(t.barCertMissing(i.certNo));
    else lines.push(t.barCertExpired(i.certNo, i.certExpiry!, input.asOf));
  }
  const needed = [...new Set(plan.items.map((it) => it.specialty))];
  const useful = i.specialties.filter((s) => needed.includes(s));
  if (useful.length === 0) lines.push(t.noSpecialty(needed));
  if (bars.length === 0 && useful.length > 0) lines.push(t.qualified(i.certNo, i.certExpiry!, useful));
  if (i.recusals.length) lines.push(t.recusals(i.recusals.length));
  if (plan.team.avoidHomeRegion && i.region) lines.push(t.homeRegion(i.region));
  const mine = result.assignments.filter((a) => a.team.some((x) => x.id === i.id));
  const cap = plan.team.maxPerInspectorPerPeriod;
  lines.push(t.workload(mine.length, cap));
  if (cap !== null && mine.length >= cap) lines.push(t.atCap(cap));
  for (const a of mine) lines.push(t.assignment(a.task.name, a.employer.name, a.employer.uscc, a.team[0]!.id === i.id));
  if (bars.length === 0 && useful.length > 0 && mine.length === 0) lines.push(t.eligibleNotDrawn);
  return lines;
}

/**
 * The draw core gives facts (codes and numbers); this is where they become words, in zh or en:
 * --explain (a sentence a clerk can say first, then the technical detail), warnings, and the
 * "无法派员" problems.
 */
import type { Explanation, EmployerExplanation, InspectorExplanation, TaskReason } from '../../core/draw/explain.js';
import { UnstaffableError, type DrawWarning, type StaffingFailure } from '../../core/draw/types.js';
import { InputError, UsageError } from '../../errors.js';
import { stratumText } from '../../ui/strata.js';
import { m } from '../../i18n/index.js';
import { formatProbability } from '../../io/draw-outputs.js';

export function renderExplanation(x: Explanation): string[] {
  const t = m().draw.explain;
  if (x.kind === 'unknown') throw new UsageError(t.unknown(x.query));
  if (x.kind === 'ambiguous') throw new UsageError(t.ambiguous(x.query, x.matches.map((e) => `${e.name}（${e.uscc}）`)));
  return x.kind === 'employer' ? renderEmployer(x) : renderInspector(x);
}

/** A chance as a clerk says it: whole percent from 1%, two significant digits below. */
export function percent(p: number): string {
  const pct = p * 100;
  const shown = pct >= 1 ? String(Math.round(pct)) : String(Number(pct.toPrecision(2)));
  return m().draw.explain.percent(Number(shown));
}

/** numbers in the technical lines: at most 6 decimals, as in the list's π column */
const num = (v: number) => formatProbability(v) || (v >= 1 ? String(Number(v.toFixed(6))) : '0');
const big = (v: number) => String(Number(v.toFixed(6)));

type Eligible = Extract<TaskReason, { code: 'eligible' }>;

function plainEligible(r: Eligible, task: string | null): string {
  const p = m().draw.explain.plain;
  const factors = r.factors.map((f) => (f.rule === 'complaints' ? p.complaints(f.complaints) : p[f.rule]));
  const chance = r.certain
    ? p.certain
    : r.weighted && r.weight !== 1 && r.basePi > 0
      ? p.times(big(r.weight), percent(r.pi))
      : p.chance(percent(r.pi));
  const pool = p.pool(r.stratified ? stratumText(r.stratum) : null, r.eligible, r.quota);
  return p.sentence([(task === null ? '' : p.inTask(task)) + pool, p.because(factors) + chance, r.drawn ? p.drawn : p.notDrawn]);
}

function plainExcluded(r: TaskReason): string {
  const p = m().draw.explain.plain;
  switch (r.code) {
    case 'coveredByFull':
      return p.fullCoverage;
    case 'filterFails':
      return p.filterFails;
    case 'outOfScope':
      return p.outOfScope;
    case 'inspectedRecently':
      return p.inspectedRecently(r.date, r.limit);
    case 'alreadyDrawn':
      return p.alreadyDrawn;
    case 'takenEarlier':
      return p.takenEarlier(r.task);
    case 'eligible':
      return plainEligible(r, null);
  }
}

/** The sentence first: the task that drew the employer, else the first it was eligible for, else why not. */
function leadSentence(x: EmployerExplanation): string {
  const p = m().draw.explain.plain;
  const many = x.tasks.length > 1;
  if (x.fullCoverage?.status === 'in') return p.fullCoverage;
  const eligible = x.tasks.filter((t) => t.reason.code === 'eligible');
  const pick = eligible.find((t) => (t.reason as Eligible).drawn) ?? eligible[0];
  if (pick) return plainEligible(pick.reason as Eligible, many ? pick.task : null);
  const first = x.tasks[0];
  return first ? plainExcluded(first.reason) : p.nothing;
}

function renderEmployer(x: EmployerExplanation): string[] {
  const t = m().draw.explain;
  const e = x.employer;
  const lines = [leadSentence(x), t.detail, t.employerHead(e.name, e.uscc, e.type, e.industry, e.region)];
  const fc = x.fullCoverage;
  if (fc) {
    if (fc.status === 'not') lines.push(t.notFullCoverage(fc.task));
    else if (fc.status === 'outOfScope') lines.push(t.fullCoverageOutOfScope(fc.task, fc.type));
    else lines.push(t.fullCoverage(fc.task, fc.key));
  }
  for (const { task, reason: r } of x.tasks) {
    const head = t.task(task);
    switch (r.code) {
      case 'coveredByFull':
        lines.push(head + t.coveredByFull);
        break;
      case 'filterFails':
        lines.push(head + t.filterFails(r.fails.map((f) => t.condition(f.key, f.expected, f.value))));
        break;
      case 'outOfScope':
        lines.push(head + t.outOfScope(r.type));
        break;
      case 'inspectedRecently':
        lines.push(head + t.inspectedRecently(r.date, r.days, r.limit));
        break;
      case 'alreadyDrawn':
        lines.push(head + t.alreadyDrawn);
        break;
      case 'takenEarlier':
        lines.push(head + t.takenEarlier(r.task));
        break;
      case 'eligible':
        lines.push(head + t.eligible(stratumText(r.stratum), r.eligible, r.quota));
        lines.push(...eligibleDetail(r));
        break;
    }
  }
  if (x.drawn) {
    lines.push(t.items(x.drawn.items));
    lines.push(t.team(x.drawn.team.map((i) => `${i.name}（${i.id}）`), x.drawn.specialties));
  } else lines.push(t.notInList);
  return lines;
}

function eligibleDetail(r: Eligible): string[] {
  const t = m().draw.explain;
  const out = [t.algorithm(r.algorithm), t.ticket(r.ticket.input, r.ticket.hex, r.ticket.u)];
  const factors = r.factors.map((f) => t.factor(f.rule, f.factor, f.rule === 'complaints' ? f.complaints : null, f.rule === 'complaints' ? f.min : null)).join('，');
  if (r.expected === null) {
    // v1: Hamilton quota, Pareto keys and the stratum's cut-off
    if (r.weighted) out.push(t.weighted(r.weight, r.pi, r.certain ? null : r.key));
    else if (r.eligible > 0) out.push(t.unweighted(r.pi));
    if (r.certain) out.push(t.takeAll);
    else if (r.cutoff !== null && r.key !== null) out.push(t.cutoff(r.cutoff, r.key, r.drawn));
    else out.push(t.noQuota);
  } else {
    out.push(t.v2Quota(big(r.expected), r.quota));
    if (r.yearTarget !== null && r.priorDrawn !== null) out.push(t.v2Year(big(r.yearTarget), r.priorDrawn));
    if (r.certain) out.push(t.certain);
    else if (r.weighted) out.push(t.v2Weighted(r.weight, factors, num(r.pi), big(r.expected), r.takeAll, big(r.restWeight ?? 0)));
    else out.push(t.v2Unweighted(num(r.pi), big(r.expected), r.eligible));
    if (!r.certain) out.push(t.v2Systematic);
  }
  out.push(r.drawn ? t.drawn : t.notDrawn);
  return out;
}

function renderInspector(x: InspectorExplanation): string[] {
  const t = m().draw.explain;
  const p = t.plain;
  const i = x.inspector;
  const qualified = x.bars.length === 0 && x.useful.length > 0;
  const lines = [qualified ? (x.assignments.length ? p.inspectorDrawn(x.assignments.length) : p.inspectorNone) : p.inspectorBarred, t.detail];
  lines.push(t.inspectorHead(i.name, i.id, i.unit, i.specialties));
  for (const b of x.bars) {
    if (b === 'status') lines.push(t.barStatus(i.status));
    else if (b === 'certMissing') lines.push(t.barCertMissing(i.certNo));
    else lines.push(t.barCertExpired(i.certNo, i.certExpiry!, x.asOf));
  }
  if (x.useful.length === 0) lines.push(t.noSpecialty(x.needed));
  if (qualified) lines.push(t.qualified(i.certNo, i.certExpiry!, x.useful));
  if (x.recusals) lines.push(t.recusals(x.recusals));
  if (x.homeRegion) lines.push(t.homeRegion(x.homeRegion));
  lines.push(t.workload(x.assignments.length, x.cap));
  if (x.cap !== null && x.assignments.length >= x.cap) lines.push(t.atCap(x.cap));
  for (const a of x.assignments) lines.push(t.assignment(a.task, a.employer, a.uscc, a.leader));
  if (qualified && x.assignments.length === 0) lines.push(t.eligibleNotDrawn);
  return lines;
}

export function renderWarning(w: DrawWarning): string {
  const t = m().draw.warn;
  switch (w.code) {
    case 'draw.full_coverage.out_of_scope':
      return t.fullCoverageOutOfScope(w.count);
    case 'draw.task.type.missing':
      return t.typeMissing(w.task, w.count);
    case 'draw.task.capped':
      return t.capped(w.task, Number.isInteger(w.target) ? w.target : Number(w.target.toFixed(2)), w.eligible);
    case 'draw.task.none_eligible':
      return t.noneEligible(w.task);
    case 'draw.inspectors.barred':
      return t.inspectorsBarred(w.count, w.total);
  }
}

function renderFailure(f: StaffingFailure): string {
  const u = m().draw.unstaffable;
  const why = u.why(f.why.bySpecialty, f.why.holders, f.why.barred, f.why.recused, f.why.home, f.why.full, f.why.cap);
  const text = f.items.length ? u.noSpecialist(f.items, f.specialties, why) : u.tooFew(f.size, f.have, why);
  return u.employer(f.employer.name, f.employer.uscc, f.task, text);
}

/** The core's UnstaffableError, said in the user's language: one problem per employer, at its directory line. */
export function renderUnstaffable(e: UnstaffableError): InputError {
  const out = new UnstaffableError(
    e.failures,
    m().draw.unstaffable.title(e.failures.length),
    e.failures.map((f) => ({ line: f.employer.line, value: f.employer.uscc, message: renderFailure(f) })),
  );
  return out;
}

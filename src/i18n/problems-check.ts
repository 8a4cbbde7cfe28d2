import type { ProblemParams } from '../errors.js';
import { splitList } from '../core/params.js';
import { rulesProblemCode } from '../core/results/categories.js';
import type { check as zhCheck, calendar as zhCalendar } from './zh/check.js';
import type { common as zhCommon } from './zh/common.js';
import type { results as zhResults } from './zh/disclose.js';
import type { txn as zhTxn } from './zh/txn.js';
import type { drawCli as zhDrawCli } from './zh/drawCli.js';

/**
 * The words of the codes the check, ledger and disclosure cores return, in terms of each language's
 * own sections, so a code's sentence is exactly the one those sections always wrote. One builder for
 * zh and en: the keys (the codes, docs/codes.md) cannot drift apart between the two.
 */
export interface Sections {
  check: typeof zhCheck;
  calendar: typeof zhCalendar;
  errors: (typeof zhCommon)['errors'];
  io: (typeof zhCommon)['io'];
  results: typeof zhResults;
  txn: typeof zhTxn;
  ledger: (typeof zhDrawCli)['ledger'];
  /** how a stratum is shown (the English screen names 全部 and （未填写）) */
  stratum: (s: string) => string;
}

const s = (v: ProblemParams[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const n = (v: ProblemParams[string] | undefined): number => Number(v);
const orNull = (v: ProblemParams[string] | undefined): string | null => (v === null || v === undefined ? null : String(v));
const list = (v: ProblemParams[string] | undefined): string[] => splitList(v);

/** The deadline's derivation (AnnualHow, flattened into params as how + how_*), in words. */
export function annualHowText(t: Sections['check'], p: ProblemParams): string {
  switch (p.how) {
    case 'rolled':
      return t.annualRolled(s(p.how_named), s(p.how_last), s(p.how_rolled), p.how_inclusive === true);
    case 'spring-festival':
      return t.annualSpringFestival(s(p.how_day), s(p.how_date), s(p.how_deadline), p.how_inclusive === true);
    default:
      return t.annualNominal(s(p.how_named), s(p.how_last), p.how_inclusive === true);
  }
}

const rowOf = (status: string, p: ProblemParams) => ({
  status,
  kind: s(p.kind),
  decidedOn: s(p.decided_on),
  publishedOn: orNull(p.published_on),
  deadline: s(p.deadline),
  workingDays: n(p.working_days),
  revokedOn: orNull(p.revoked_on),
  withdrawnOn: orNull(p.withdrawn_on),
  basis: s(p.basis),
});

export function checkProblems(x: Sections) {
  const t = x.check;
  return {
    'input.problems': (p: ProblemParams) => x.errors.problemCount(n(p.count), s(p.file)),

    'check.subject.ledger': () => t.ledgerSubject,
    'check.subject.annual': (p: ProblemParams) => t.annualSubject(n(p.year)),

    'check.deadline.late': (p: ProblemParams) => t.rowMessage(rowOf('late', p)),
    'check.deadline.overdue': (p: ProblemParams) => t.rowMessage(rowOf('overdue', p)),
    'check.deadline.due': (p: ProblemParams) => t.rowMessage(rowOf('due', p)),
    'check.deadline.withdrawal.overdue': (p: ProblemParams) => t.rowMessage(rowOf('withdrawal-overdue', p)),
    'check.deadline.withdrawal.late': (p: ProblemParams) => t.rowMessage(rowOf('withdrawal-late', p)),
    'check.deadline.withdrawal.due': (p: ProblemParams) => t.rowMessage(rowOf('withdrawal-due', p)),

    'check.roster.cert.expiry.missing': (p: ProblemParams) => t.certMissingExpiry(s(p.cert_no)),
    'check.roster.cert.expired': (p: ProblemParams) => t.certExpired(s(p.cert_no), s(p.expiry)),
    'check.roster.cert.expiring': (p: ProblemParams) => t.certExpiring(s(p.cert_no), s(p.expiry), n(p.days)),
    'check.roster.item.understaffed': (p: ProblemParams) => t.itemUnderstaffed(s(p.specialty), list(p.names), n(p.min)),

    'check.case.closed.late': (p: ProblemParams) => t.caseClosedLate(s(p.opened_on), n(p.working_days), s(p.limit), s(p.closed_on), n(p.late)),
    'check.case.overdue': (p: ProblemParams) => t.caseOverdue(s(p.opened_on), n(p.working_days), s(p.limit), n(p.late), p.extended === true),
    'check.case.due': (p: ProblemParams) => t.caseDueSoon(s(p.opened_on), n(p.working_days), s(p.limit), n(p.left), p.extended === true),

    'check.draws.ledger.unterminated': () => t.ledgerNoNewline,
    'check.draws.ledger.line.bad': () => t.ledgerBadLine,
    'check.draws.ledger.field.bad': (p: ProblemParams) => t.ledgerBadField(s(p.field)),
    'check.draws.ledger.seq.bad': (p: ProblemParams) => t.ledgerBadSeq(n(p.expected_seq), p.found_seq),
    'check.draws.ledger.prev.bad': (p: ProblemParams) => t.ledgerBadPrev(n(p.line)),
    'check.draws.ledger.noncanonical': (p: ProblemParams) => x.txn.notCanonical(n(p.line), n(p.seq)),
    'check.draws.ledger.period.duplicate': (p: ProblemParams) => x.txn.duplicatePeriod(n(p.line), n(p.seq), s(p.period), n(p.first_seq)),
    'check.draws.period.missing': (p: ProblemParams) => t.periodMissing(s(p.period), s(p.end)),
    'check.draws.period.unknown': (p: ProblemParams) => t.periodUnknown(s(p.period), list(p.known)),
    'check.draws.period.open': (p: ProblemParams) => t.periodOpen(s(p.period), s(p.end)),
    'check.draws.quota.short': (p: ProblemParams) => t.quotaShort(x.stratum(s(p.stratum)), n(p.quota), n(p.drawn), n(p.eligible)),
    'check.draws.ratio.behind': (p: ProblemParams) => t.ratioBehind(s(p.task), n(p.ended), n(p.frequency), n(p.drawn), n(p.target), n(p.ratio)),
    'check.draws.drawn.twice': (p: ProblemParams) => t.drawnTwice(s(p.uscc), s(p.first), s(p.again)),

    'check.annual.late': (p: ProblemParams) => t.annualLate(s(p.published_on), s(p.deadline), annualHowText(t, p)),
    'check.annual.overdue': (p: ProblemParams) => t.annualOverdue(s(p.deadline), annualHowText(t, p)),
    'check.annual.due': (p: ProblemParams) => t.annualDueSoon(s(p.deadline), n(p.left), annualHowText(t, p)),

    'check.results.late': (p: ProblemParams) => x.results.deadline.late(n(p.rows), n(p.units), s(p.published_on), s(p.first_deadline), n(p.working_days_late), s(p.basis)),
    'check.results.open': (p: ProblemParams) => x.results.deadline.open(s(p.period_end), s(p.grace_until), n(p.working_days_over)),
    'check.results.pending': (p: ProblemParams) => x.results.deadline.pending(s(p.grace_until), n(p.working_days_left)),

    ...Object.fromEntries(
      (['not-mapping', 'not-list', 'unknown-key', 'required', 'not-bool', 'duplicate', 'empty'] as const).map((c) => [
        rulesProblemCode(c),
        (p: ProblemParams) => x.results.rulesProblem(c, p.detail === null || p.detail === undefined ? undefined : s(p.detail)),
      ]),
    ),
    'disclosure.top.mapping': () => x.io.yamlNotMapping,
    'disclosure.key.unknown': (p: ProblemParams) => x.calendar.unknownKey(s(p.key), list(p.allowed)),
    'disclosure.mapping': () => x.calendar.notMapping,
    'disclosure.list': () => x.calendar.notList,
    'disclosure.kinds.required': (p: ProblemParams) => t.kindsRequired(list(p.allowed)),
    'disclosure.kind.unknown': (p: ProblemParams) => x.io.badEnum(list(p.allowed)),
    'disclosure.kind.twice': (p: ProblemParams) => t.kindTwice(s(p.kind), n(p.index)),
    'disclosure.kind.missing': (p: ProblemParams) => t.kindMissing(s(p.kind)),
    'disclosure.days.range': () => t.badWorkingDays,
    'disclosure.basis.required': () => x.io.required,

    'annual.mapping': () => x.calendar.notMapping,
    'annual.spring_festival.required': () => t.springFestivalDayRequired,
    'annual.spring_festival.missing': (p: ProblemParams) => t.noSpringFestival(n(p.year)),
    'annual.deadline.bad': () => t.badAnnualDeadline,
    'annual.roll_forward.bool': () => x.calendar.notBool,
    'annual.before.bad': () => t.badBefore,

    'ledger.broken': (p: ProblemParams) => x.ledger.broken(s(p.file)),
    'ledger.format.newer': (p: ProblemParams) => x.ledger.newerFormat(orNull(p.file), n(p.line), n(p.format), n(p.known)),
    'ledger.format.newer.line': (p: ProblemParams) => x.ledger.newerFormatLine(n(p.format), n(p.known)),
    'ledger.line.json': (p: ProblemParams) => x.ledger.badJson(n(p.line), s(p.detail)),
    'ledger.line.field': (p: ProblemParams) => x.ledger.badField(n(p.line), p.seq === null || p.seq === undefined ? null : n(p.seq), s(p.field)),
    'ledger.seq.gap': (p: ProblemParams) => x.ledger.missing(n(p.line), n(p.expected_seq), n(p.found_seq)),
    'ledger.prev.mismatch': (p: ProblemParams) => x.ledger.prevMismatch(n(p.line), n(p.seq), n(p.prev_line), n(p.prev_seq)),
    'ledger.line.blank': (p: ProblemParams) => x.ledger.blankLine(n(p.line)),
    'ledger.line.unterminated': (p: ProblemParams) => x.ledger.unterminated(n(p.line)),
    'ledger.line.noncanonical': (p: ProblemParams) => x.txn.notCanonical(n(p.line), n(p.seq)),
    'ledger.period.duplicate': (p: ProblemParams) => x.txn.duplicatePeriod(n(p.line), n(p.seq), s(p.period), n(p.first_seq)),
  };
}

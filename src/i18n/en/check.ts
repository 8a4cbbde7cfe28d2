import type { calendar as zhCalendar, check as zhCheck } from '../zh/check.js';

export const calendar: typeof zhCalendar = {
  description: 'Working-day calendar: State Council holiday notices (with make-up workdays) and regional overlays',
  addDescription: 'The Nth working day after a date (the start day is not counted; day 1 is the next working day)',
  countDescription: 'Working days between two dates (start excluded, end included)',
  showDescription: 'List the days off and make-up workdays of a year',
  dateArg: 'start date (2026-02-12, 2026/2/12, 2026年2月12日)',
  nArg: 'number of working days',
  fromArg: 'start date (not counted)',
  toArg: 'end date (counted)',
  yearArg: 'year, e.g. 2026',
  optRegion: 'add a regional overlay: xinjiang, ningxia (the office fills in its year)',
  optCalendar: "load the office's own calendar file (national year or overlay; repeatable)",
  badDateArg: (what: string, raw: string) => `${what} "${raw}" is not a valid date (use 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日)`,
  badN: (raw: string) => `number of working days "${raw}" is invalid: a whole number from 0 to 3660`,
  badYearArg: (raw: string) => `year "${raw}" is invalid: four digits, e.g. 2026`,
  uncovered: (years: number[]) =>
    `No working-day calendar for ${years.join(', ')}: cannot count working days (never guessed as Monday to Friday). ` +
    `Once the State Council publishes that year's holiday notice, add rules/calendar/${years[0]}.yaml in the format of rules/calendar/2026.yaml, ` +
    `or load the office's own ${years[0]} calendar with --calendar FILE (calendar.files in compliance.yaml).`,
  overlayUncovered: (name: string, years: number[], file: string) =>
    `${name} ${years.join(', ')}: regional holidays not on file (${name} ${years.join('、')} 年地方节日未收录); working days for these years cannot be computed with the ${name} overlay (no national-only guess). ` +
    `Add ${years[0]} under years in ${file} from the regional government's notice (title, number, date, days off), or compute without --region.`,
  unknownRegion: (region: string, available: string[]) => `unknown region "${region}" (available: ${available.join(', ') || 'none'})`,
  fileNotMapping: (file: string) => `${file}: a calendar file must be a mapping at the top level`,
  unknownKey: (key: string, allowed: string[]) => `unknown key "${key}" (allowed: ${allowed.join(', ')})`,
  badKind: 'kind must be national (a whole year) or overlay (regional additions)',
  notList: 'must be a list',
  notMapping: 'must be a mapping',
  notBool: 'must be true or false',
  badYear: 'invalid year: four digits',
  yearAndYears: 'use either year/holidays or years, not both',
  dateOutsideYear: (y: number) => `date is not in ${y} or an adjacent year`,
  badDayOrRange: 'must be a date (2026-02-15) or a range (2026-02-15..2026-02-23)',
  makeUpNotWeekend: (d: string) => `${d} is not a Saturday or Sunday, so it cannot be a make-up workday`,
  emptyHoliday: 'has neither off (days off) nor make_up (make-up workdays)',
  national: 'national',
  addResult: (start: string, n: number, result: string, wd: string) => `working day ${n} after ${start}: ${result} (${wd})`,
  countReversed: (from: string, to: string) => `the first date ${from} is after the second ${to}: put the earlier date first (calendar count ${to} ${from})`,
  countResult: (from: string, to: string, n: number) => `${from} to ${to}: ${n} working days (${from} excluded, ${to} included)`,
  provisionalCaveat: (what: string) => `note: this used a provisional calendar (${what}); check it against the official notice.`,
  showTitle: (y: number) => `Working-day calendar ${y}`,
  noticeLine: (title: string, num: string | null, date: string | null) =>
    `basis: 《${title}》${num ? ` (${num})` : ' (document number to be checked)'}${date ? `, ${date}` : ''}`,
  overlaysLine: (names: string[]) => `overlays: ${names.join(', ')}`,
  colDate: 'date',
  colWeekday: 'weekday',
  colType: 'type',
  colName: 'holiday',
  colSource: 'source',
  typeOff: 'off',
  typeWorkday: 'make-up workday',
  provisionalMark: ' (provisional)',
  showSummary: (off: number, work: number) => `${off} days off (weekends inside holidays included), ${work} make-up workdays.`,
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

export const check: typeof zhCheck = {
  description: 'Compliance checks: disclosure deadlines, certificates, draw frequency, case time limits, annual statistics (for a monthly cron job)',
  deadlinesDescription: 'Check that enforcement decisions were published within their working-day limits, and withdrawn in time once revoked',
  rosterDescription: 'Check in-post inspectors hold a valid certificate and every plan item has at least two qualified inspectors',
  drawsDescription: 'Check the draw ledger: every planned period drawn, the year ratio on track, no employer drawn twice a year, the chain intact',
  casesDescription: 'Check case time limits (60 working days from filing, +30 with an approved extension)',
  annualDescription: "Check the deadline for publishing last year's enforcement statistics (Jan 31, Jan 25 or before the Spring Festival, as configured)",
  allDescription: 'Run every check named in compliance.yaml and print one report (the cron entry point)',
  optDecisions: 'decisions CSV (case no., kind, decided on, published on, revoked on, withdrawn on)',
  optInspectors: 'inspector roster CSV',
  optPlan: 'inspection plan plan.yaml',
  optLedger: 'draw ledger (.jsonl written by the draw command)',
  optCases: 'case register CSV (case no., filed on, extension approved, investigation completed on)',
  optSince: 'only rows decided (filed) on or after this date; earlier ones are history already dealt with',
  optAsOf: 'reference date (default today, China Standard Time)',
  optWarnDays: 'warn this many working days ahead (default 5)',
  optRosterWarnDays: 'warn this many calendar days before a certificate expires (default 30)',
  optRules: 'disclosure deadline rules (default rules/disclosure.yaml)',
  optOutCsv: 'also write the rows to a CSV file (UTF-8 with BOM)',
  optOutReport: 'also write the report to a Markdown file',
  optYear: 'the year the statistics are about (2025 means the deadline early in 2026; default last year)',
  optPublishedOn: 'date actually published (leave out if not yet)',
  optConfig: 'check configuration compliance.yaml',
  optDemoInputs: 'take every input not named from the built-in demo data (fixtures/); the date defaults to the demo configuration\'s 2026-11-21',
  optDemo: 'use the built-in demo configuration fixtures/compliance.yaml',
  badWarnDays: (raw: string) => `warning days "${raw}" is invalid: a whole number from 0 to 365`,
  kindsRequired: (kinds: readonly string[]) => `list the decision kinds this applies to (${kinds.join(', ')})`,
  kindTwice: (k: string, i: number) => `decision kind "${k}" already appears in publish[${i}]`,
  kindMissing: (k: string) => `decision kind "${k}" has no disclosure deadline`,
  badWorkingDays: 'working days must be a whole number from 0 to 365',
  statusLabels: {
    'withdrawal-overdue': 'withdrawal overdue',
    'withdrawal-late': 'withdrawn late',
    overdue: 'overdue',
    late: 'late',
    due: 'due',
    'withdrawal-due': 'withdrawal due',
    withdrawn: 'withdrawn',
    ok: 'ok',
  } as Record<string, string>,
  soonMark: ' (soon)',
  rowMessage: (r) => {
    const head = `${r.kind} decision of ${r.decidedOn}`;
    switch (r.status) {
      case 'late':
        return `${head} was due for publication by ${r.deadline} (${r.basis}), published ${r.publishedOn}: ${r.workingDays} working days late`;
      case 'overdue':
        return `${head} was due for publication by ${r.deadline} (${r.basis}) and is not published: ${r.workingDays} working days overdue`;
      case 'due':
        return `${head} is due for publication by ${r.deadline}: ${r.workingDays} working days left`;
      case 'withdrawal-overdue':
        return `${head} was revoked or changed on ${r.revokedOn}; its publication was due to be withdrawn by ${r.deadline} (${r.basis}) and is still up: ${r.workingDays} working days overdue`;
      case 'withdrawal-late':
        return `${head} was revoked or changed on ${r.revokedOn}; its publication was due to be withdrawn by ${r.deadline} (${r.basis}), withdrawn ${r.withdrawnOn}: ${r.workingDays} working days late`;
      case 'withdrawal-due':
        return `${head} was revoked or changed on ${r.revokedOn}; withdraw its publication by ${r.deadline}: ${r.workingDays} working days left`;
      default:
        return `${head}: in time`;
    }
  },
  csvHeader: ['case_no', 'kind', 'decided_on', 'published_on', 'deadline', 'status', 'status_code', 'working_days_late_or_left', 'revoked_on', 'withdrawn_on', 'basis'],
  colCaseNo: 'case no.',
  colKind: 'kind',
  colDecidedOn: 'decided',
  colDeadline: 'deadline',
  colPublishedOn: 'published',
  colStatus: 'status',
  colDays: 'working days',
  deadlinesSummary: (total: number, counts: [string, number][]) =>
    `${total} decisions: ${counts.filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`,
  caseClosedLate: (opened: string, days: number, limit: string, closed: string, late: number) =>
    `filed ${opened}, investigation to be completed within ${days} working days (by ${limit}), completed ${closed}: ${late} working days late (劳动保障监察条例 art. 17)`,
  caseOverdue: (opened: string, days: number, limit: string, late: number, extended: boolean) =>
    `filed ${opened}, investigation to be completed within ${days} working days (by ${limit})${extended ? ' (30-day extension included)' : ' (no extension recorded)'}, no completion date yet: ${late} working days overdue (劳动保障监察条例 art. 17)`,
  caseDueSoon: (opened: string, days: number, limit: string, left: number, extended: boolean) =>
    `filed ${opened}, time limit ${limit} (${days} working days${extended ? ', extension included' : ''}): ${left} working days left`,
  springFestivalDayRequired:
    'with deadline spring-festival, spring_festival must say which day counts: eve (除夕), first-day (正月初一) or holiday-start (first day of the holiday)',
  badAnnualDeadline: 'deadline must be a month-day (01-31, 01-25) or spring-festival',
  badBefore: 'before must be inclusive (the named day counts) or exclusive',
  annualNominal: (named: string, last: string, inclusive: boolean) =>
    `"before ${named}" ${inclusive ? 'includes' : 'excludes'} the day: publish by ${last} (${inclusive ? "inclusive is this tool's default" : "this office's setting"}, compliance.yaml annual_report.before); a fixed date does not move for a day off`,
  annualRolled: (named: string, last: string, rolled: string, inclusive: boolean) =>
    `"before ${named}" ${inclusive ? 'includes' : 'excludes'} the day; ${last} is a day off, moved to ${rolled} by this office's setting (annual_report.roll_forward: true); Civil Code art. 203 is about the last day of a period, not a fixed date`,
  noSpringFestival: (y: number) => `the ${y} calendar file has no spring_festival (正月初一): cannot place "before the Spring Festival"`,
  annualSpringFestival: (day: string, date: string, deadline: string, inclusive: boolean) =>
    `"before the Spring Festival" means before ${day === 'eve' ? '除夕 (New Year\'s Eve)' : day === 'first-day' ? '正月初一' : 'the first day of the holiday'} (${date}) in this office's configuration, ${inclusive ? 'that day included' : 'that day excluded'} (compliance.yaml annual_report.before): publish by ${deadline}`,
  annualSubject: (y: number) => `${y} enforcement statistics`,
  annualLate: (pub: string, deadline: string, expl: string) => `published ${pub}, after the deadline ${deadline} (${expl}; 国办发〔2018〕118号)`,
  annualOverdue: (deadline: string, expl: string) => `not published; the deadline ${deadline} has passed (${expl}; 国办发〔2018〕118号)`,
  annualDueSoon: (deadline: string, left: number, expl: string) => `not yet published; deadline ${deadline}, ${left} working days left (${expl})`,
  annualOk: (y: number, expl: string, pub: string | null) => `${y} enforcement statistics: ${expl}${pub ? `; published ${pub}` : ''}`,
  certMissingExpiry: (certNo: string) => `certificate ${certNo} has no expiry date: cannot tell whether it is valid`,
  certExpired: (certNo: string, expiry: string) => `in-post inspector's certificate ${certNo} expired on ${expiry}: may not inspect`,
  certExpiring: (certNo: string, expiry: string, days: number) => `certificate ${certNo} expires on ${expiry} (within ${days} days): renew it`,
  itemUnderstaffed: (specialty: string, names: string[], min: number) =>
    `only ${names.length} in-post inspectors with a valid certificate hold "${specialty}"${names.length ? ` (${names.join(', ')})` : ''}: fewer than the ${min} an inspection needs`,
  ledgerSubject: 'draw ledger',
  ledgerNoNewline: 'the last line has no newline: the ledger may have been cut off while being written',
  ledgerBadLine: 'this line is not a valid JSON record: the ledger is damaged or was edited',
  ledgerBadField: (field: string) => `field ${field} is missing or malformed: the ledger is damaged or was edited`,
  ledgerBadSeq: (n: number, got: unknown) => `sequence should be ${n}, is ${JSON.stringify(got)}: lines were removed, inserted or swapped`,
  ledgerBadPrev: (n: number) => `line ${n} names a previous-line hash that does not match: the previous line was edited, or lines were removed or inserted`,
  periodMissing: (label: string, end: string) => `planned period ${label} ended on ${end} and the ledger has no draw for it`,
  periodOpen: (label: string, end: string) => `the current period ${label} has not been drawn yet (ends ${end})`,
  periodUnknown: (label: string, known: string[]) => `the ledger records period ${label}, which is not a period of this plan (${known.join(', ')})`,
  quotaShort: (stratum: string, quota: number, drawn: number, eligible: number) =>
    `stratum "${stratum}" should have drawn ${quota}, drew ${drawn} (${eligible} eligible)`,
  ratioBehind: (name: string, ended: number, freq: number, drawn: number, target: number, ratio: number) =>
    `task "${name}" yearly ratio ${(ratio * 100).toFixed(1)}%: after ${ended}/${freq} periods at least ${target} should be drawn, ${drawn} were: behind`,
  drawnTwice: (uscc: string, first: string, again: string) => `${uscc} was drawn at random in ${first} and again in ${again} (the plan does not allow repeats within a year)`,
  checkNames: {
    deadlines: 'disclosure',
    roster: 'certificates',
    draws: 'draws',
    cases: 'case limits',
    'annual-report': 'annual statistics',
    results: 'results publication',
  } as Record<string, string>,
  reportTitle: (asOf: string) => `Compliance report (as of ${asOf})`,
  findingsTitle: (n: number) => `Findings (${n})`,
  warningsTitle: (n: number) => `Warnings (${n})`,
  itemSep: ': ',
  none: 'none',
  summary: (asOf: string, nf: number, nw: number, parts: string[]) =>
    `Summary (${asOf}): ${nf ? `${nf} findings` : 'no findings'}, ${nw} warnings; checked ${parts.join(', ')}`,
  configMissingChecks: 'list at least one check under checks (deadlines, roster, draws, cases, annual_report)',
  configUnknownCheck: (k: string) => `unknown check "${k}" (deadlines, roster, draws, cases, annual_report)`,
  configFileRequired: (key: string) => `a file path is required (${key})`,
  configBadNumber: 'must be a whole number from 0 to 365',
  inputsFailed: (n: number) => `${n} input files have problems; nothing was checked:`,
  inputErrorTitle: (check: string, n: number) => `Input errors: the ${check} check could not run (${n} problems)`,
  reportReplaced: (file: string) => `the report ${file} existed and was replaced by this run's (a report is not an official record; each run writes it afresh)`,
  inputErrorsExit: (n: number) => `${n} check(s) could not run because of input errors (see "Input errors" in the report); the other checks ran; exit code 2`,
  reportWritten: (file: string) => `report written to ${file}`,
  csvWritten: (file: string) => `rows written to ${file}`,
  configOrDemo: 'use either --config or --demo, not both',
  annualYearDefault: (y: number) => `no --year given: checking the statistics of ${y}`,
};

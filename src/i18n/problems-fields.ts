import type { ProblemParams } from '../errors.js';
import { splitParam } from '../core/yaml-fields.js';
import type { calendar as zhCalendar, check as zhCheck } from './zh/check.js';
import type { common as zhCommon } from './zh/common.js';
import type { draw as zhDraw } from './zh/draw.js';
import type { input as zhInput } from './zh/input.js';

type Words = (p: ProblemParams) => string;
const str = (v: ProblemParams[string] | undefined) => String(v ?? '');
const num = (v: ProblemParams[string] | undefined) => Number(v ?? 0);

/** One builder for zh and en (each passes its own sections), so the two catalogues have the same codes and cannot drift. */
export function fieldProblems({ calendar, check, common, draw, input }: { calendar: typeof zhCalendar; check: typeof zhCheck; common: typeof zhCommon; draw: typeof zhDraw; input: typeof zhInput }) {
  const P = draw.plan;
  const { errors, io } = common;

  /**
   * The words for the codes the YAML field reader (src/core/yaml-fields.ts) and the parsers built on it
   * report, keyed by code. docs/codes.md lists each code with its params.
   */
  const planProblems = {
    // the headline of a refused plan: count = how many problems follow
    'plan.invalid': (p) => P.invalid(num(p.count)),
    'plan.mapping': () => P.notMapping,
    'plan.key.unknown': (p) => P.unknownKey(splitParam(p.allowed)),
    'plan.required': () => P.required,
    'plan.text': () => P.notText,
    'plan.id': () => P.badId,
    'plan.int': (p) => P.notInteger(num(p.min)),
    'plan.int.quoted': (p) => input.quotedNumber(str(p.text)),
    'plan.int.range': (p) => input.numberRange(num(p.min), p.max === null || p.max === undefined ? Number.MAX_SAFE_INTEGER : num(p.max)),
    'plan.bool': () => P.notBool,
    'plan.weight.factor': () => P.badFactor,
    'plan.filter.range': () => P.minAboveMax,
    'plan.filter.empty': () => P.emptyFilter,
    'plan.filter.column': (p) => P.unknownFilterColumn(splitParam(p.allowed)),
    'plan.frequency': () => P.badFrequency,
    'plan.list': () => P.needList,
    'plan.items.missing': () => P.needItems,
    'plan.task.mode': () => P.badMode,
    'plan.task.filter.untargeted': () => P.untargetedFilter,
    'plan.task.filter.missing': () => P.targetedNeedsFilter,
    'plan.task.size.ratio': () => P.badRatio,
    'plan.task.size.one': (p) => P.oneSize(splitParam(p.allowed)),
    'plan.task.stratify': (p) => P.badStratify(splitParam(p.allowed)),
    'plan.full_coverage.empty': () => P.fullCoverageEmpty,
    'plan.unit_type': (p) => P.badUnitType(splitParam(p.allowed)),
    'plan.id.duplicate': (p) => P.duplicateId(str(p.id)),
    'plan.item.unknown': (p) => P.unknownItem(str(p.id)),
    'plan.item.unused': (p) => P.unusedItem(str(p.id)),
  } satisfies Record<string, Words>;

  const C = calendar;
  const calendarProblems = {
    // a date in a year no calendar covers (the national file, or a regional overlay in use)
    'calendar.uncovered': (p) => C.uncovered(splitParam(p.years).map(Number)),
    'calendar.overlay_uncovered': (p) => C.overlayUncovered(str(p.name), splitParam(p.years).map(Number), str(p.origin)),
    'calendar.no_row': (p) => input.noCalendarRow(num(p.year)),
    // the headline of a refused calendar file
    'calendar.invalid': (p) => errors.problemCount(num(p.count), str(p.origin)),
    'calendar.file.mapping': (p) => C.fileNotMapping(str(p.origin)),
    'calendar.mapping': () => C.notMapping,
    'calendar.list': () => C.notList,
    'calendar.key.unknown': (p) => C.unknownKey(str(p.key), splitParam(p.allowed)),
    'calendar.required': () => io.required,
    'calendar.text': () => io.required,
    'calendar.date': () => io.badDate,
    'calendar.bool': () => C.notBool,
    'calendar.kind': () => C.badKind,
    'calendar.year': () => C.badYear,
    'calendar.years.both': () => C.yearAndYears,
    'calendar.date.year': (p) => C.dateOutsideYear(num(p.year)),
    'calendar.day': () => C.badDayOrRange,
    'calendar.make_up.weekday': (p) => C.makeUpNotWeekend(str(p.date)),
    'calendar.holiday.empty': () => C.emptyHoliday,
  } satisfies Record<string, Words>;

  const K = check;
  const complianceProblems = {
    // the headline of a refused compliance.yaml
    'compliance.invalid': (p) => errors.problemCount(num(p.count), str(p.origin)),
    'compliance.root.mapping': () => io.yamlNotMapping,
    'compliance.mapping': () => C.notMapping,
    'compliance.list': () => C.notList,
    'compliance.key.unknown': (p) => C.unknownKey(str(p.key), splitParam(p.allowed)),
    'compliance.date': () => io.badDate,
    'compliance.days': () => K.configBadNumber,
    'compliance.year': () => C.badYear,
    'compliance.file.required': (p) => K.configFileRequired(str(p.key)),
    'compliance.checks.missing': () => K.configMissingChecks,
    'compliance.check.unknown': (p) => K.configUnknownCheck(str(p.check)),
  } satisfies Record<string, Words>;
  return { ...planProblems, ...calendarProblems, ...complianceProblems };
}

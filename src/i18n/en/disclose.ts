import type { publish as zhPublish, results as zhResults } from '../zh/disclose.js';
import type { RulesProblemCode } from '../../core/results/categories.js';

const list = (xs: readonly string[]) => xs.join(', ');

export const publish: typeof zhPublish = {
  description: 'Publish before inspecting: the list of enforcement officers and the list of random-inspection items',
  rosterDescription: 'List of enforcement officers: on duty with a valid certificate (name, section, enforcement field, certificate no., valid until)',
  itemsDescription: 'List of random-inspection items: item, legal basis, authority, who is inspected, mode, ratio, frequency (from the plan)',
  optInspectors: 'inspector roster inspectors.csv',
  optAsOf: 'the day on which certificates must be valid (default today)',
  optOut: 'output CSV file',
  optPlan: 'inspection plan plan.yaml',
  leftNotOnDuty: (status: string | null) => `status is "${status ?? '(empty)'}", not on duty (在岗)`,
  leftNoExpiry: 'no certificate expiry date: validity cannot be shown',
  leftExpired: (expiry: string) => `certificate expired on ${expiry}`,
  leftOut: (where: string, id: string, name: string, why: string) => `left out: ${id} ${name} (${where}): ${why}`,
  rosterWritten: (file: string, n: number, left: number, asOf: string) =>
    `Wrote the list of enforcement officers ${file}: ${n} people (as of ${asOf}; ${left} left out, see above). It holds no staff ids, recusals or contact details.`,
  itemsWritten: (file: string, n: number) => `Wrote the list of random-inspection items ${file}: ${n} rows.`,
};

export const results: typeof zhResults = {
  description: 'Inspection results: make the register, check it, publish the results and record them in the ledger',
  templateDescription: 'Write the results register of a draw (one row per drawn employer, with empty result columns)',
  checkDescription: 'Check a results register against the draw and the ledger (0 clean, 1 findings, 2 unreadable)',
  publishDescription: 'After a clean check, write the public results table and a manifest, and append a results entry to the ledger',
  dirArg: 'the draw folder (with manifest.json and inspection-list.csv)',
  optFormat: 'register format: csv',
  optTemplateOut: 'register file to write (default: results-register.csv in the draw folder)',
  optResults: 'the filled-in results register',
  optAsOf: 'reference date (no inspection date after it; when publishing, the publication date; default today)',
  optInspectors: 'inspector roster (default: the inspectors.csv the draw used), to check substitutes',
  optLedger: 'the draw ledger (default: draws/ledger.jsonl beside the plan)',
  optResultsRules: 'the results enumeration (default: rules/results.yaml)',
  optPublishOut: 'output folder (default: results/ in the draw folder; a republication goes to results-2/ and so on)',
  optRepublish: 'publish a corrected register again (needs --reason, which the ledger records)',
  optReason: 'why the results are published again',
  noXlsx: 'This tool writes no .xlsx files: use --format csv (UTF-8 with BOM; Excel and WPS open and save it)',
  badFormat: (f: string, allowed: string[]) => `unsupported format "${f}" (available: ${list(allowed)})`,
  templateWritten: (file: string, n: number, period: string) =>
    `Wrote the results register ${file}: ${n} rows for ${period}. Fill in 检查日期, 检查方式, 检查结果 and the other columns, then run shuangsui results check.`,
  rulesProblem: (code: RulesProblemCode, detail?: string) =>
    ({
      'not-mapping': 'should be a mapping',
      'not-list': 'should be a list',
      'unknown-key': `unknown key (available: ${detail ?? ''})`,
      required: 'required, must not be empty',
      'not-bool': 'should be true or false',
      duplicate: `same as "${detail ?? ''}"`,
      empty: 'the list must not be empty',
    })[code],
  drawAltered: (file: string) => `${file} does not match the hash in the draw's manifest.json: the draw's output was changed; run shuangsui verify first`,
  planChanged: (file: string) => `${file} was changed after the draw (its hash differs from manifest.json); restore the plan the draw used, or run shuangsui verify`,
  noLedger: (file: string) => `draw ledger ${file} not found; name the ledger the draw wrote with --ledger`,
  ledgerFault: 'the ledger hash chain is broken; run shuangsui verify --ledger to find where',
  drawNotInLedger: (dir: string, ledger: string) => `the draw in ${dir} is not in the ledger ${ledger} (looked up by its manifest.json hash); results are published only for recorded draws`,
  drawReplaced: (dir: string, seq: number) => `the draw in ${dir} was replaced by ledger entry ${seq} (a redraw); record and publish results for the draw in force`,
  finding: {
    notDrawn: (task: string, uscc: string) => `${uscc} was not drawn for "${task}"`,
    duplicate: (uscc: string, task: string, first: number) => `${uscc} (${task}) is registered twice; line ${first} has it already`,
    missing: (name: string, uscc: string, task: string) => `drawn employer ${name} (${uscc}, ${task}) is missing from the register`,
    resultMissing: 'no inspection result (检查结果)',
    resultUnknown: (v: string, allowed: string[]) => `result "${v}" is not an allowed value (available: ${list(allowed)})`,
    methodMissing: 'no way of inspection (检查方式)',
    methodUnknown: (v: string, allowed: string[]) => `way of inspection "${v}" is not an allowed value (available: ${list(allowed)})`,
    dateMissing: 'no inspection date (检查日期)',
    dateOutsidePeriod: (d: string, s: string, e: string) => `inspection date ${d} is outside the period ${s} to ${e}`,
    dateAfterAsOf: (d: string, asOf: string) => `inspection date ${d} is after the reference date ${asOf}`,
    numberMissing: (r: string) => `result "${r}" needs a decision number (处理决定文号) or case number`,
    changeWithoutReason: (drawn: string[], actual: string[]) => `the inspectors on site (${list(actual)}) differ from those drawn (${list(drawn)}) and no reason is recorded`,
    substituteUnknown: (id: string) => `inspector ${id} is not in the roster`,
    substituteNotOnDuty: (id: string, name: string, status: string | null) => `substitute ${id} ${name} has status "${status ?? '(empty)'}", not on duty`,
    substituteCert: (id: string, name: string, expiry: string | null, date: string) =>
      expiry ? `substitute ${id} ${name}: certificate expired on ${expiry}, not valid on the inspection day ${date}` : `substitute ${id} ${name}: no certificate expiry recorded, so validity on ${date} cannot be shown`,
    substituteRecused: (id: string, name: string, uscc: string) => `substitute ${id} ${name} must be recused from ${uscc}`,
    teamTooSmall: (n: number, min: number) => `${n} inspector(s) on site, fewer than ${min}`,
  },
  checkFindings: (n: number, rows: number) => `The results register has ${n} problem(s) (${rows} rows).`,
  checkClean: (rows: number, period: string) => `The results register is in order: ${rows} rows for ${period}.`,
  publishRefused: (n: number) => `The register has ${n} problem(s): nothing was published or written. Correct it and run again.`,
  republishNeedsReason: '--republish needs --reason saying why the results are published again',
  reasonWithoutRepublish: '--reason is only used with --republish',
  alreadyPublished: (period: string, seqs: number[], ledger: string) =>
    `the results of ${period} are already published (ledger ${ledger}, entry ${seqs.join(', ')}); to publish a corrected register add --republish --reason "why"`,
  nothingToRepublish: (period: string) => `the results of ${period} have not been published yet; --republish is not needed`,
  wrote: (file: string) => `Wrote ${file}`,
  published: (period: string, units: number, inspected: number, problems: number, date: string) =>
    `Results of ${period}: ${units} employers, ${inspected} inspected, problems found at ${problems}; published on ${date}.`,
  ledgerAppended: (file: string, seq: number, drawSeq: number, republish: boolean) =>
    `Recorded in ledger ${file} as entry ${seq} (${republish ? 'a republication, ' : ''}for draw entry ${drawSeq}).`,
  verifyHint: (dir: string) => `Anyone can check it: shuangsui verify ${dir}`,
  deadline: {
    late: (rows: number, units: number, publishedOn: string, due: string, late: number, basis: string) =>
      `results published on ${publishedOn}: ${rows} of ${units} employers after their deadline (the first was due by ${due}, ${basis}), ${late} working day(s) late`,
    open: (end: string, grace: string, over: number) => `the period ended on ${end} and by ${grace} (end of grace) no results were published: inspections may still be open; ${over} working day(s) over`,
    pending: (grace: string, left: number) => `results not published yet; the grace runs until ${grace}, ${left} working day(s) left`,
  },
  verify: {
    archivedChanged: (file: string) => `archived file ${file} does not match the hash in results-manifest.json`,
    drawDiffers: (dir: string) => `the draw folder ${dir} has a manifest.json other than the one the publication recorded`,
    rebuiltDiffers: (file: string) => `the table rebuilt from the archived register does not match the hash in results-manifest.json (${file})`,
    fileDiffers: (file: string) => `${file} differs from the table rebuilt from the archived register: the published table was changed`,
    notInLedger: (ledger: string) => `ledger ${ledger} has no entry for this publication (looked up by the hash of results-manifest.json)`,
    entryDiffers: (ledger: string, line: number, field: string, expected: string, found: string) => `ledger ${ledger}:${line}: ${field} is ${found}, should be ${expected}`,
    failed: (dir: string, n: number) => `results publication ${dir} does not verify (${n} mismatch(es)):`,
    ok: (dir: string, period: string, ledger: string) => `results publication ${dir} (${period}) verifies: the table rebuilds from the archived register, and its entry in ${ledger} is chained to the draw's.`,
  },
};

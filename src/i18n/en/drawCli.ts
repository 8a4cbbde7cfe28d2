import type { drawCli as zhDrawCli } from '../zh/drawCli.js';

export const drawCli: typeof zhDrawCli = {
  description:
    'draw employers at random per the inspection plan and match random inspector teams; writes the inspection list, the publication list and a verifiable manifest, and records the draw in the ledger',
  opt: {
    employers: 'employer directory CSV (市场主体名录)',
    inspectors: 'inspector roster CSV',
    plan: 'inspection plan YAML file',
    period: 'period: 2026 (yearly), 2026H1/2026H2, 2026Q1..Q4, 2026-03 (monthly); must agree with the plan frequency',
    seed: 'random seed (any string); without it the OS generates a 128-bit seed, printed and recorded',
    out: 'output folder (inspection list, publication list, manifest.json)',
    asOf: 'inspection date for certificate validity and the recently-inspected exclusion (default: today)',
    ledger: 'draw ledger file (default: draws/ledger.jsonl beside the plan file)',
    dryRun: 'compute and print only; write nothing',
    explain: 'explain why an employer (USCC, name or a unique part of it) or an inspector (staff id) was or was not selected',
    interactive: 'guided mode: choose files, plan, period and seed, confirm before writing',
    redraw: 'draw again a period already drawn (requires --reason; recorded in the ledger)',
    reason: 'why the period is drawn again',
    algorithm: 'algorithm version (default: the newest, shuangsui-draw/2; shuangsui-draw/1 only to re-make draws of that version)',
  },
  badAlgorithm: (v, known) => `--algorithm "${v}" is not an algorithm this tool implements (known: ${known.join(', ')})`,
  missingOptions: (flags: string[]) => `missing required options: ${flags.join(', ')} (or --demo for the demo, --interactive for the guide)`,
  redrawNeedsReason: '--redraw needs --reason "..." (the reason is recorded in the ledger)',
  reasonWithoutRedraw: '--reason is only used with --redraw',
  badAsOf: (v: string) => `--as-of "${v}" is not a valid date (use 2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日)`,
  emptySeed: '--seed must not be empty',
  badPeriod: (period: string, planId: string, perYear: number, labels: string[]) =>
    `Invalid period ${period}: plan ${planId} has ${perYear} period${perYear === 1 ? '' : 's'} a year: ${labels.join(', ')}`,
  inputsInvalid: (n: number) => `${n} problem(s) in the input files; nothing was drawn or written.`,
  alreadyDrawn: (planId: string, period: string, ledger: string, seqs: number[]) =>
    `plan ${planId} period ${period} was already drawn (ledger ${ledger}, entry ${seqs.join(', ')}). A period is not drawn twice; to draw it again use --redraw --reason "...", which is recorded in the ledger.`,
  nothingToRedraw: (planId: string, period: string, ledger: string) =>
    `the ledger ${ledger} has no draw of plan ${planId} period ${period}; --redraw is not needed`,
  ledger: {
    broken: (file: string) => `the hash chain of the draw ledger ${file} is broken; refusing to add to it. Run shuangsui verify --ledger to find out why.`,
    newerFormat: (file: string | null, line: number, format: number, known: number) =>
      `line ${line} of the draw ledger${file ? ` ${file}` : ''} has format ${format}; this shuangsui knows formats up to ${known}: a newer version wrote it. Upgrade shuangsui to work with this ledger; nothing was done.`,
    newerFormatLine: (format: number, known: number) => `format ${format}: this version knows formats up to ${known}; upgrade shuangsui`,
    badJson: (line: number, detail: string) => `line ${line} is not valid JSON (${detail})`,
    badField: (line: number, seq: number | null, field: string) =>
      `line ${line}${seq === null ? '' : ` (entry ${seq})`}: field ${field} is missing or malformed`,
    missing: (line: number, expected: number, found: number) =>
      `line ${line} should hold entry ${expected} but holds entry ${found}: entry ${expected}${found - 1 > expected ? `-${found - 1}` : ''} is missing (removed) or entries were reordered`,
    prevMismatch: (line: number, seq: number, prevLine: number, prevSeq: number) =>
      prevSeq === 0
        ? `line ${line} (entry ${seq}): prev should be 64 zeros (first entry) but is not: entries at the start were removed or edited`
        : `line ${line} (entry ${seq}): prev does not match the hash of line ${prevLine} (entry ${prevSeq}): entry ${prevSeq} was edited, or entries after it were removed`,
    blankLine: (line: number) => `line ${line} is blank: the ledger was edited by hand`,
    unterminated: (line: number) => `line ${line} has no newline: the entry was not completely written (interrupted?)`,
    locked: (ledger: string) => `the draw ledger ${ledger} is in use by another draw; this draw was not made and nothing was written.`,
    lockHolder: (lock: string, holder: { pid: number; host: string; since: string } | null, gone: boolean) =>
      (holder ? `The lock file was created by process ${holder.pid} on computer ${holder.host} at ${holder.since}. ` : 'The lock file cannot be read. ') +
      (gone ? 'That process has ended: the lock is left over from an interrupted draw. ' : 'Wait until that draw has finished and try again. ') +
      `If you are sure no draw is running (for example the last one was killed), delete ${lock} and draw again.`,
    changedMeanwhile: (file: string) =>
      `the ledger ${file} was changed by another program (one that ignores the ledger lock) during the draw; this draw was NOT recorded and no output was written. Check the ledger with shuangsui verify --ledger ${file}, then draw again.`,
  },
  summary: {
    heading: (office: string, planId: string, period: string, start: string, end: string, asOf: string) =>
      `${office} plan ${planId}, period ${period} (${start} to ${end}), inspection date ${asOf}`,
    seedGenerated: (seed: string) => `seed: ${seed} (no --seed given: generated by the OS, recorded in manifest.json and the ledger)`,
    seedGeneratedDryRun: (seed: string) => `seed: ${seed} (no --seed given: generated by the OS; a dry run writes nothing, so it is not recorded)`,
    seedGiven: (seed: string) => `seed: ${seed}`,
    excludedEarlier: (n: number) => `${n} employer(s) drawn by this plan earlier this year are left out (no repeat inspections)`,
    columns: ['task', 'stratum', 'eligible', 'quota', 'drawn', 'full coverage'],
    redraw: (n: number, reason: string) => `redraw: this period was drawn ${n} time(s) before; the reason "${reason}" is recorded in the ledger`,
    allStrata: '(none)',
    total: 'total',
    workload: (min: number, max: number, n: number) => `inspector workload: ${n} inspector(s), ${min} to ${max} inspection(s) each`,
    warning: (w: string) => `warning: ${w}`,
    dryRunAlreadyDrawn: (n: number) => `note: the ledger already holds ${n} draw(s) of this period; the above is a trial, not a record.`,
    explainHeading: (id: string) => `about ${id}:`,
    dryRun: 'dry run: nothing was written and nothing recorded in the ledger.',
    wrote: (file: string) => `wrote ${file}`,
    ledgerAppended: (file: string, seq: number, redraw: boolean) => `recorded in the ledger ${file} as entry ${seq}${redraw ? ' (redraw)' : ''}`,
    verifyHint: (dir: string) => `anyone can check this draw with: shuangsui verify ${dir}`,
    demoDryRun: 'Note: a trial run on the built-in demo data (fixtures/, fictional); nothing is written.',
  },
  interactive: {
    notTty: '--interactive needs a terminal (stdin or stdout is not a terminal here, e.g. cron or a pipe); use the command-line options instead.',
    noJson: '--interactive cannot be combined with --json',
    employers: 'employer directory CSV file:',
    inspectors: 'inspector roster CSV file:',
    plan: 'inspection plan YAML file:',
    period: 'period:',
    seedHow: 'seed:',
    seedRandom: 'a seed generated by the system (outsiders can only trust it was not picked)',
    seedTyped: 'the announced lottery numbers as the seed (recommended: nobody could know or pick them in advance)',
    seed: 'lottery numbers (e.g. 05 12 19 23 28 31 + 09; groups separated by +) or an encoded seed:',
    seedCanonical: (typed, canonical) => `In the canonical encoding (docs/draw.md §6) "${typed}" is the seed ${canonical}. Use this seed?`,
    asOf: 'inspection date (certificates must be valid on it; the recently-inspected rule counts back from it):',
    badAsOf: 'not a valid date (e.g. 2026-01-05, 2026/1/5)',
    periodDrawn: (label) => `${label} (already drawn in the ledger; drawing it again needs a reason)`,
    seedEmpty: 'the seed must not be empty',
    out: 'output folder:',
    noSuchFile: 'no such file',
    notAFile: 'not a file',
    confirmWrite: 'write the inspection list and record it in the ledger? (cannot be undone; a redraw needs a reason)',
    cancelled: 'cancelled; nothing was written.',
  },
  verify: {
    description: 'check a draw: re-run it from manifest.json and compare the outputs byte for byte; or check the hash chain of the ledger',
    dirArg: 'the draw output folder, or its manifest.json',
    ledgerOpt: 'check the hash chain of a draw ledger (ledger.jsonl)',
    employersOpt: 'where the employer directory is (default: the relative path recorded in manifest.json)',
    inspectorsOpt: 'where the inspector roster is (default: as recorded in manifest.json)',
    planOpt: 'where the plan file is (default: as recorded in manifest.json)',
    publicOpt: 'check only the publication list (publication.csv): for outsiders who hold only what was published',
    publicOnly: '(--public: only the publication list was checked; inspection-list.csv was not.)',
    explainOpt: 'after re-running, explain why an employer or inspector was or was not selected',
    nothingToVerify: 'give the output folder to check (shuangsui verify DIR) or a ledger (shuangsui verify --ledger FILE)',
    needsDir: '--employers/--inspectors/--plan/--explain need the output folder to check',
    badManifest: (file: string, detail: string) => `${file} is not a valid draw manifest: ${detail}`,
    newerManifest: (file: string, format: number, known: number) =>
      `${file} has format ${format}; this shuangsui knows manifest formats up to ${known}: a newer version wrote it. Upgrade shuangsui to verify it.`,
    otherAlgorithm: (recorded: string, ours: string) =>
      `the draw used algorithm ${recorded}; this version implements ${ours} and cannot check it; use the tool version recorded in manifest.json`,
    inputMissing: (key: string) => `input file (${key}) does not exist`,
    inputChanged: (key: string, expected: string, got: string) =>
      `input file (${key}) was changed: manifest.json records SHA-256 ${expected}, it is now ${got}`,
    inputsDiffer: (n: number) => `${n} input file(s) differ from manifest.json; cannot check.`,
    rerun: (planId: string, period: string, seed: string, asOf: string) =>
      `re-running as recorded: plan ${planId}, period ${period}, seed ${seed}, inspection date ${asOf}`,
    otherToolVersion: (recorded: string, ours: string) => `(drawn with tool version ${recorded}, checked with ${ours}; same algorithm version.)`,
    unknownOutput: (name: string) => `manifest.json records an output this tool does not produce: ${name}`,
    outputNotRecorded: (name: string) => `manifest.json does not record the output ${name}`,
    outputMissing: 'output file does not exist',
    outputDiffers: 'differs from the re-run draw:',
    rowDiff: (line: number, expected: string, found: string) => `  line ${line}: expected ${expected}\n           found    ${found}`,
    cellDiff: (line: number, column: string, expected: string, found: string) =>
      `  line ${line}, column "${column}": expected "${expected}", found "${found}"`,
    noLine: '(no such line)',
    manifestHashWrong: (name: string) => `the SHA-256 of ${name} in manifest.json does not match the file: manifest.json was changed`,
    planDiffers: (recorded: string, actual: string) => `manifest.json records plan ${recorded} but the plan file is ${actual}: manifest.json was changed`,
    countsDiffer: 'the counts in manifest.json differ from the re-run draw: manifest.json was changed',
    unmatchedDiffers: (expected: string, found: string) =>
      `manifest.json field unmatched (filter values --allow-unmatched let through) differs from the re-check of the archived inputs: expected ${expected || '(none)'}, recorded ${found || '(none)'}: manifest.json was changed`,
    unmatchedNotAllowed: (values: string) =>
      `plan filter values ${values} match no employer of the directory, but manifest.json has no read_options.allow_unmatched: a draw without --allow-unmatched cannot have them, manifest.json was changed`,
    notInLedger: (sha: string) => `no ledger entry records a manifest.json with SHA-256 ${sha}: this is not the manifest the ledger recorded`,
    allMatch: (n: number, dir: string) => `verified: the ${n} output file(s) in ${dir} match the re-run draw byte for byte.`,
    entryDiffers: (seq: number, field: string, expected: string, found: string) =>
      `ledger entry ${seq}: ${field} disagrees with manifest.json and the re-run draw: expected "${expected}", the ledger has "${found}"`,
    entryListDiffers: (seq: number, field: string, missing: string, extra: string) =>
      `ledger entry ${seq}: ${field} (employers) disagrees with the re-run draw: ${missing ? `missing from the ledger: ${missing}` : ''}${missing && extra ? '; ' : ''}${extra ? `not drawn but in the ledger: ${extra}` : ''}`,
    demoOpt: 'make a draw from the bundled demo data (fixtures/) in a temp folder (seed "demo"), then verify that folder and its ledger',
    demoNoFiles: '--demo verifies the demo folder it makes: no folder, --employers, --inspectors or --plan with it',
    foundInLedger: (seq: number) => `this manifest.json matches ledger entry ${seq}.`,
    ledgerBroken: (file: string) => `the hash chain of the draw ledger ${file} is broken:`,
    ledgerOk: (file: string, n: number, head: string) => `the draw ledger ${file} is intact: ${n} entr${n === 1 ? 'y' : 'ies'}, no break; latest entry hash ${head}`,
  },
};

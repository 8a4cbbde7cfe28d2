import type { txn as zhTxn } from '../zh/txn.js';

export const txn: typeof zhTxn = {
  optAllowEmpty: 'allow a draw that selects nobody (only for a plan that really wants an empty period; recorded in manifest.json)',
  optInputs: 'inputs verify uses: archived (default, the originals archived in the draw folder) or current (the office\'s current files)',
  archivedInputs: (dir: string) => `The original inputs are archived in ${dir} (gzip; byte-identical to the originals once decompressed)`,
  notCanonical: (line: number, seq: number) =>
    `line ${line} (entry ${seq}) is not in canonical form (key order, whitespace or escapes differ from the form docs/algorithm.md defines, or it has extra keys): the line was rewritten`,
  duplicatePeriod: (line: number, seq: number, period: string, firstSeq: number) =>
    `line ${line} (entry ${seq}) records period ${period} again (entry ${firstSeq} already did) without redraw: true: a period is drawn again only through a redraw`,
  alreadyCompleted: (seq: number, outDir: string) =>
    `That draw was recorded in the ledger (entry ${seq}) before it was interrupted and is now complete; there is nothing to draw again. Verify it: shuangsui verify ${outDir}`,
  recoveredForward: (ledger: string, seq: number, outDir: string) =>
    `Completed an interrupted commit: entry ${seq} of ledger ${ledger} was durable; its outputs were moved from staging into ${outDir}.`,
  recoveredDiscard: (outDir: string) => `Discarded an unfinished commit (it never reached the ledger): removed its staging files in ${outDir}.`,
  tornSetAside: (ledger: string, line: number, aside: string) =>
    `Line ${line} of ledger ${ledger} was written incompletely (no final newline; no completed record refers to it); it was moved, unchanged, to ${aside}, and the ledger is back to its complete entries.`,
  lockTakenOver: (lock: string, pid: number, since: string) => `Took over the stale lock ${lock}: process ${pid} on this machine, which created it at ${since}, has ended.`,
  outNotEmpty: (dir: string, entries: string[]) =>
    `Output folder ${dir} is not empty (it holds: ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}); nothing was drawn, written or recorded. ` +
    `Use a new (or empty) folder for each draw, e.g. draws/2026H1; to write into this one anyway add --force (files of the same name are replaced).`,
  outBusy: (dir: string, pid: number, host: string, ledger: string) =>
    `Another commit (process ${pid} on ${host}, ledger ${ledger}) is writing into output folder ${dir}; nothing was written. Use another folder, or retry when it has finished.`,
  inProgress: (dir: string, pid: number, host: string) => `A commit into ${dir} is still in progress (process ${pid} on ${host}); run this again when it has finished.`,
  claimUnreadable: (claim: string) => `The marker file ${claim} in the output folder cannot be read. If no draw is running, delete it and run again: rm ${claim}`,
  stateNothing: 'Nothing was written and nothing was recorded in the ledger.',
  stateCommitted: (ledger: string, seq: number, staging: string) =>
    `The draw is recorded as entry ${seq} of ledger ${ledger}; its outputs are complete in the staging folder ${staging}.`,
  todoRetry: 'Fix that and run the same command again.',
  todoFinish: (outDir: string) => `Fix that and run shuangsui verify ${outDir}: it moves the outputs into place and verifies them.`,
  whyNoSpace: 'the disk is full (free some space)',
  whyNoPermission: 'no write permission (grant write access to the folder, or use a writable location)',
  whyReadOnly: 'the disk is read-only (use a writable location)',
  whyIo: 'a disk I/O error (check the disk)',
  whyOther: (code: string) => `system error ${code}`,
  cannotWrite: (file: string, why: string) => `Cannot write ${file}: ${why}.`,
  unrecoverable: (ledger: string, seq: number, missing: string, outDir: string) =>
    `File ${missing} of entry ${seq} in ledger ${ledger} is neither in the staging folder nor in ${outDir}; it cannot be recovered automatically. Restore it from a backup, then run shuangsui verify ${outDir}.`,
  inputChangedDuringDraw: (file: string) => `Input file ${file} changed while the draw ran; nothing was written or recorded. Run it again.`,
  emptyDraw: (employers: string) =>
    `This draw selects no employer at all (directory ${employers} has no data rows, or no task has an eligible employer); nothing was written or recorded, and the period is not used up. ` +
    `Check the directory and the plan; if the plan really wants an empty period, add --allow-empty (it is recorded in manifest.json).`,
  stagingIsNotOutput: (dir: string) => `${dir} is the staging folder of an unfinished commit, not a draw's output; verify the output folder that contains it.`,
  usingArchive: (dir: string) => `Re-running with the inputs archived in the draw folder (${dir}); add --inputs current to compare with the office's current files.`,
  referencedNotArchived: 'Note: this draw was made by an early version: its inputs are referenced by path and hash, not archived in the draw folder; using the files at the paths manifest.json records.',
  usingCurrent: '--inputs current: re-running with the office\'s current files at the paths manifest.json records.',
  currentChanged: (n: number) => `${n} of the office's current input files differ from those the draw used (the draw folder archives the originals):`,
  currentChangedOne: (key: string, file: string, recorded: string, found: string) =>
    `${key}: ${file} has changed (SHA-256 at the draw ${recorded.slice(0, 12)}…, now ${found.slice(0, 12)}…)`,
  currentMissing: (key: string, file: string) => `${key}: ${file} does not exist`,
  archiveBad: (key: string, file: string) => `The archived input (${key}) ${file} is missing, damaged or altered: its SHA-256 after decompression differs from manifest.json`,
  badInputsOption: (v: string) => `Invalid --inputs value "${v}" (use archived or current)`,
  noArchive: 'This draw has no archived inputs; --inputs archived is not available',
  unknownKey: (key: string) => `manifest.json has a key this tool does not know: ${key} (draw never writes it: the manifest was edited)`,
  fieldInvalid: (key: string, why: string) => `manifest.json field ${key} ${why}`,
  reasonWithoutRedraw: 'disagrees with redraw (null unless redrawn; a redraw needs a reason)',
  fieldsUnchecked: (fields: string[], why: string) => `Could not check manifest.json fields ${fields.join(', ')}: ${why}.`,
  noLedgerNamed: 'the manifest does not name its ledger (early version); name it with --ledger',
  ledgerUnreachable: (file: string) => `the ledger the manifest names, ${file}, is not there; name it with --ledger`,
  ledgerBrokenHere: (file: string) => `the hash chain of ledger ${file} is broken`,
  checkedAgainstLedger: (file: string, seq: number) => `manifest.json matches entry ${seq} of ledger ${file} (every field of the manifest is covered by the hash the ledger holds).`,
};

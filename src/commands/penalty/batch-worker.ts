import { parentPort } from 'node:worker_threads';
import { setLang, type Lang } from '../../i18n/index.js';
import type { RuleSet } from '../../io/rules.js';
import { batchAnswerer, type BatchPlan } from './batch-answer.js';
import { RecordBytes } from './batch-text.js';

/**
 * penalty --batch's second thread, started before the rule set is read: answers the cases it is
 * then given with the main thread's code and sends back their CSV records as UTF-8 bytes (no BOM,
 * no header: they follow the main thread's).
 */
parentPort!.once('message', ({ set, plan, lang, cases }: { set: RuleSet; plan: BatchPlan; lang: Lang; cases: string }) => {
  setLang(lang);
  const out = new RecordBytes();
  const a = batchAnswerer(set, plan, out, false);
  let ok = 0;
  // plan.width cells a case (batch.ts give()); one row array is refilled, answer() keeps none
  const cells = cases.split('\u0000');
  const row = new Array<string>(plan.width);
  for (let p = 0; p < cells.length; p += plan.width) {
    for (let j = 0; j < plan.width; j++) row[j] = cells[p + j]!;
    if (a.answer(row)) ok++;
  }
  const pieces = out.finish();
  const buffers = [...new Set(pieces.map((p) => p.buffer))];
  parentPort!.postMessage({ ok, pieces }, buffers as ArrayBuffer[]);
});

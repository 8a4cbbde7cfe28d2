import { appendFileSync } from 'node:fs';

/**
 * TEST-ONLY fault-injection seam for the record transaction (src/io/transaction.ts). Nothing in
 * normal use sets these variables; they exist so that tests can prove the commit is safe at every
 * step without root, tmpfs or strace.
 *
 *   SHUANGSUI_FAULT=<step>:<action>     step: the step's number in this run (1, 2, …) or its name
 *                                       (e.g. ledger.write); action: kill (SIGKILL before the step),
 *                                       torn (write half the bytes, then SIGKILL; data writes only),
 *                                       or an errno code (ENOSPC, EPERM, EACCES, EROFS, EIO) that the
 *                                       step's syscall fails with, or sleep<ms> (pause before the step)
 *   SHUANGSUI_FAULT_LOG=<file>          appends "<number> <step> <path>" for every step reached, so
 *                                       a test can enumerate the steps instead of hard-coding them
 *
 * Only the io layer calls faultPoint; the variables are read from process.env, never from a file.
 */

let counter = 0;

interface Spec {
  step: string;
  action: string;
}

function spec(): Spec | null {
  const v = process.env.SHUANGSUI_FAULT;
  if (!v) return null;
  const i = v.lastIndexOf(':');
  if (i <= 0) return null;
  return { step: v.slice(0, i), action: v.slice(i + 1) };
}

/**
 * A numbered step of a commit, called just before its syscall. `partial` writes part of the step's
 * bytes (for `torn`). Returns normally when no fault is asked for this step.
 */
export async function faultPoint(step: string, file: string, partial?: () => Promise<void>): Promise<void> {
  counter += 1;
  const log = process.env.SHUANGSUI_FAULT_LOG;
  if (log) appendFileSync(log, `${counter} ${step} ${file}\n`);
  const s = spec();
  if (!s || (s.step !== String(counter) && s.step !== step)) return;
  if (s.action === 'kill') process.kill(process.pid, 'SIGKILL');
  // widens a window so that a race test does not depend on luck
  const sleep = /^sleep(\d+)$/.exec(s.action);
  if (sleep) await new Promise((r) => setTimeout(r, Number(sleep[1])));
  if (s.action === 'torn') {
    if (partial) await partial();
    process.kill(process.pid, 'SIGKILL');
  }
  if (/^E[A-Z]+$/.test(s.action)) {
    if (partial) await partial();
    const err = new Error(`${s.action}: injected fault at step ${counter} (${step}), '${file}'`) as NodeJS.ErrnoException;
    err.code = s.action;
    err.path = file;
    throw err;
  }
}

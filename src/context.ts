import type { Ui } from './ui/ui.js';

/** What a command may touch of the outside world, handed in so tests can replace it. */
export interface Ctx {
  ui: Ui;
  debug: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** the wall clock, read once per run so one run never straddles two dates */
  now: Date;
  /** set by a command that found something (exit 1) */
  exitCode: number;
}

import { escapeControls } from '../core/values.js';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { formatLocation } from '../errors.js';
import { problemColumn, problemText } from './problem-text.js';

/**
 * Everything a command prints goes through a Ui, so colour, language and
 * the cron (no TTY) case are decided in one place.
 */
export interface Ui {
  readonly color: ChalkInstance;
  /** true only when both stdin and stdout are terminals: prompts and spinners need both */
  readonly interactive: boolean;
  /** the terminal's width for help text on stdout / stderr; undefined when not a terminal (commander then uses 80) */
  readonly columns: { out: number | undefined; err: number | undefined };
  out(text: string): void;
  err(text: string): void;
  warn(text: string): void;
  /** total: when the list was capped in memory, how many there were */
  problems(problems: Problem[], limit?: number, total?: number): void;
}

export interface UiOptions {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  noColor: boolean;
}

export function colorWanted(o: Pick<UiOptions, 'stdout' | 'env' | 'noColor'>): boolean {
  if (o.noColor) return false;
  if (o.env.NO_COLOR !== undefined && o.env.NO_COLOR !== '') return false;
  if (o.env.FORCE_COLOR !== undefined && o.env.FORCE_COLOR !== '0') return true;
  return o.stdout.isTTY === true && o.env.TERM !== 'dumb';
}

export function createUi(o: UiOptions): Ui {
  const color = new Chalk({ level: colorWanted(o) ? 2 : 0 });
  const write = (s: NodeJS.WritableStream, text: string) => s.write(text.endsWith('\n') ? text : text + '\n');
  return {
    color,
    interactive: o.stdinIsTTY && o.stdout.isTTY === true,
    columns: { out: o.stdout.isTTY ? o.stdout.columns : undefined, err: o.stderr.isTTY ? o.stderr.columns : undefined },
    out: (t) => write(o.stdout, t),
    err: (t) => write(o.stderr, t),
    warn: (t) => write(o.stderr, color.yellow(t)),
    problems(problems, limit = 200, total = problems.length) {
      for (const p of problems.slice(0, limit)) write(o.stderr, formatProblem(p, color));
      if (total > limit) write(o.stderr, m().errors.moreProblems(total - limit));
    },
  };
}

/** file:line, column "X", value "Y": what is wrong — the form every input error takes. */
export function formatProblem(p: Problem, color: ChalkInstance = new Chalk({ level: 0 })): string {
  const t = m().table;
  const parts: string[] = [];
  const loc = formatLocation(p);
  if (loc) parts.push(color.bold(loc));
  if (p.key !== undefined) parts.push(escapeControls(p.key));
  const column = problemColumn(p);
  if (column !== undefined) parts.push(`${t.column} ${quote(String(column))}`);
  if (p.value !== undefined) parts.push(`${t.value} ${quote(p.value)}`);
  return `  ${parts.join(', ')}${parts.length ? ': ' : ''}${escapeControls(problemText(p), true)}`;
}

function quote(s: string): string {
  const shown = s.length > 60 ? s.slice(0, 57) + '…' : s;
  // a cell may hold an ANSI escape sequence: it is shown, never obeyed by the terminal
  return `“${escapeControls(shown)}”`;
}

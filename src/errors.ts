import { appendAll } from './core/typed-arrays.js';

/**
 * Typed errors. Commands throw these; only src/main.ts turns them into exit codes,
 * so every command means the same thing by 1, 2 and 3.
 */

export const EXIT = {
  ok: 0,
  findings: 1,
  input: 2,
  internal: 3,
} as const;

/** Values a code's message is built from: flat, so they go into JSON as they are. */
export type ProblemParams = Record<string, string | number | boolean | null>;

/**
 * One thing wrong with the user's input, located as precisely as we can.
 * A core sets `code` (a stable dotted name such as `plan.task.size.range`, never renumbered or reused)
 * and `params`, and no words: src/ui/problem-text.ts turns the code into zh or en text.
 * Edge code that already has the words in hand may still set `message` instead.
 */
export interface Problem {
  file?: string;
  line?: number;
  column?: string | number;
  /**
   * a column a core names by what it holds (e.g. 'case_no') rather than by its heading, which depends on
   * the language the edge words it in; problemColumn (src/ui/problem-text.ts) turns it into the heading
   */
  columnCode?: 'case_no';
  /** the key path inside a YAML file, e.g. tasks[2].size */
  key?: string;
  value?: string;
  /** for an .xlsx input: the sheet, and the cell as Excel names it (B17) */
  sheet?: string;
  cell?: string;
  code?: string;
  params?: ProblemParams;
  message?: string;
}

/** Exit 2: the user's input or usage is wrong. Never printed with a stack trace. */
export class InputError extends Error {
  readonly exitCode = EXIT.input;
  readonly problems: Problem[];
  /** how many problems the input has: more than `problems` holds when a huge file's list was capped in memory */
  readonly total: number;
  /** options.cause: the error underneath (an errno error, a parser's), printed with --debug; options.total: see total */
  constructor(message: string, problems: Problem[] = [], options?: ErrorOptions & { total?: number }) {
    super(message, options);
    this.name = 'InputError';
    this.problems = problems;
    this.total = options?.total ?? problems.length;
  }
}

/**
 * Exit 2, raised by a core: its headline is a code and params like a Problem's, so the core needs no
 * words; main.ts and every catcher word it through problemText (src/ui/problem-text.ts).
 */
export class CodedInputError extends InputError {
  readonly code: string;
  readonly params: ProblemParams;
  constructor(code: string, params: ProblemParams, problems: Problem[] = []) {
    super(code, problems);
    this.name = 'CodedInputError';
    this.code = code;
    this.params = params;
  }
}

/** Exit 2 as well, for a wrong flag or a wrong combination of flags. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatLocation(p: Problem): string {
  let loc = p.file ?? '';
  // Excel's own notation: 名录!B17, or 名录!17:17 for a whole row
  if (p.sheet !== undefined) return `${loc}${loc ? ':' : ''}${p.sheet}!${p.cell ?? (p.line === undefined ? '' : `${p.line}:${p.line}`)}`;
  if (p.line !== undefined) loc += `${loc ? ':' : ''}${p.line}`;
  return loc;
}

/** Appends one list of problems to another (appendAll: a file with 130,000 bad cells as arguments overflowed the stack). */
export const appendProblems: (target: Problem[], source: readonly Problem[]) => Problem[] = appendAll;

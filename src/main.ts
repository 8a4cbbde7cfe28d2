import { CommanderError } from 'commander';
import type { Ctx } from './context.js';
import { EXIT, InputError, UsageError } from './errors.js';
import { detectLang, m, setLang } from './i18n/index.js';
import { createUi, type Ui } from './ui/ui.js';
import { buildProgram, translateCommanderError } from './cli.js';
import { environmentError } from './io/files.js';
import { escapeControls } from './core/values.js';
import { errorText, problemText } from './ui/problem-text.js';

export interface MainIo {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  stdinIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  now?: Date;
}

/** The only place where errors become exit codes. */
export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const args = argv.slice(2);
  const env = io.env ?? process.env;
  setLang(detectLang(args, env));
  const debug = args.includes('--debug');
  const ui = createUi({
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdinIsTTY: io.stdinIsTTY ?? process.stdin.isTTY === true,
    env,
    noColor: args.includes('--no-color'),
  });
  const ctx: Ctx = { ui, debug, cwd: io.cwd ?? process.cwd(), env, now: io.now ?? new Date(), exitCode: EXIT.ok };
  try {
    await (await buildProgram(ctx, args)).parseAsync(argv);
    return ctx.exitCode;
  } catch (e) {
    return report(e, ui, debug);
  }
}

export function report(e: unknown, ui: Ui, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    // a command group run without its subcommand: commander has printed the help to stderr
    if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    return report(translateCommanderError(e), ui, debug);
  }
  if (e instanceof InputError) {
    const message = errorText(e);
    const only = e.problems.length === 1 ? e.problems[0]! : null;
    const onlyText = only === null ? null : problemText(only);
    // a lone problem that only restates the message (e.g. "file not found: X", located at X) is said once
    const restates = only !== null && onlyText === message && only.line === undefined && only.column === undefined && only.columnCode === undefined && only.key === undefined && only.value === undefined && (only.file === undefined || message.includes(only.file));
    // a lone located problem that repeats the message: the title, then the message once with its place
    const headline = only !== null && onlyText === message && !restates ? m().errors.inputTitle : m().errors.inputHeadline(message);
    const text = e instanceof UsageError ? m().errors.usage(message) : e.problems.length ? headline : message;
    ui.err(ui.color.red(escapeControls(text, true)));
    if (!restates) ui.problems(e.problems, undefined, e.total);
    if (debug) printCauses(e, ui);
    return EXIT.input;
  }
  // no permission, a read-only or full disk, wherever it was met (a lock, the ledger's folder): the office's to fix
  const env = environmentError(e);
  if (env) return report(env, ui, debug);
  // Ctrl-C at an @inquirer prompt is the user's choice, not a defect; prompts come before any write.
  // Exit 0, as draw --interactive does for the same key.
  if (e instanceof Error && e.name === 'ExitPromptError') {
    ui.out(m().errors.cancelled);
    return EXIT.ok;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  ui.err(ui.color.red(m().errors.internal(err.message)));
  if (debug && err.stack) ui.err(err.stack);
  if (debug) printCauses(err, ui);
  return EXIT.internal;
}

/** --debug: what each error was made from (an errno error under "cannot read"), down to the root. */
function printCauses(e: Error, ui: Ui): void {
  const seen = new Set<unknown>([e]);
  for (let c = e.cause; c !== undefined && c !== null && !seen.has(c); c = c instanceof Error ? c.cause : undefined) {
    seen.add(c);
    // Node's errno messages begin with their code already ("ENOENT: no such file or directory, open …")
    const text = c instanceof Error ? (c.name === 'Error' ? c.message : `${c.name}: ${c.message}`) : String(c);
    ui.err(escapeControls(m().errors.cause(text), true));
  }
}

import { Command, CommanderError, Help } from 'commander';
import { createRequire } from 'node:module';
import type { Ctx } from './context.js';
import { UsageError } from './errors.js';
import { m } from './i18n/index.js';
import { registerInit } from './commands/init.js';
import { registerDraw } from './commands/draw.js';
import { registerVerify } from './commands/verify.js';

const require = createRequire(import.meta.url);
export const TOOL_VERSION: string = (require('../package.json') as { version: string }).version;

/**
 * Builds the commander program. Commander's own words (Usage:, Options:) are English,
 * so help is localised here and its parse errors are turned into our UsageError.
 */
export function buildProgram(ctx: Ctx): Command {
  const t = m();
  const program = new Command('shuangsui');
  program
    .description(t.programDescription)
    .version(TOOL_VERSION, '-V, --version', t.opt.version)
    .helpOption('-h, --help', t.opt.help)
    .helpCommand('help [command]', t.help.helpCommand)
    .option('--lang <lang>', t.opt.lang)
    .option('--no-color', t.opt.noColor)
    .option('--debug', t.opt.debug)
    .addHelpText('afterAll', t.help.exitCodes)
    .showSuggestionAfterError(true)
    .configureHelp({ formatHelp: localisedHelp })
    .configureOutput({
      writeOut: (s) => ctx.ui.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.ui.err(s.replace(/\n$/, '')),
      // parse errors are reported by main() in the user's language
      outputError: () => undefined,
    })
    .exitOverride();

  registerInit(program, ctx);
  registerDraw(program, ctx);
  registerVerify(program, ctx);
  return program;
}

function localisedHelp(cmd: Command, helper: Help): string {
  const t = m().help;
  return Help.prototype.formatHelp
    .call(helper, cmd, helper)
    .replace(/^Usage: (.*)$/m, (_, rest: string) => `${t.usage} ${rest.replace('[options]', t.optionsPlaceholder).replace('[command]', t.commandPlaceholder)}`)
    .replace(/^Options:/m, t.options)
    .replace(/^Commands:/m, t.commands)
    .replace(/^Arguments:/m, t.arguments)
    .replace(/^Global Options:/m, t.globalOptions);
}

/** Turns commander's English parse errors into a UsageError in the user's language. */
export function translateCommanderError(e: CommanderError): UsageError {
  const t = m().errors;
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownOption':
      return new UsageError(t.unknownOption(quoted));
    case 'commander.unknownCommand':
      return new UsageError(t.unknownCommand(quoted));
    case 'commander.missingArgument':
      return new UsageError(t.missingArgument(quoted));
    case 'commander.optionMissingArgument':
      return new UsageError(t.missingOptionArgument(quoted));
    case 'commander.missingMandatoryOptionValue':
      return new UsageError(t.missingMandatoryOption(quoted));
    case 'commander.excessArguments':
      return new UsageError(t.excessArguments(Number(/Expected (\d+)/.exec(e.message)?.[1] ?? 0)));
    case 'commander.invalidArgument':
      return new UsageError(t.invalidArgument(e.message.replace(/^error: /, '')));
    default:
      return new UsageError(e.message.replace(/^error: /, ''));
  }
}

/**
 * Wraps a command's action: it returns its exit code (0 or 1); errors propagate to main().
 */
export function action<A extends unknown[]>(ctx: Ctx, fn: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    const code = await fn(...args);
    if (typeof code === 'number') ctx.exitCode = Math.max(ctx.exitCode, code);
  };
}

import { Command, CommanderError, Help } from 'commander';
import type { Ctx } from './context.js';
import { UsageError } from './errors.js';
import { m } from './i18n/index.js';
import { displayWidth } from './ui/text.js';
import { TOOL_VERSION } from './version.js';
import { addOptions, common } from './commands/shared/options.js';

type Register = (program: Command, ctx: Ctx) => void;

/**
 * The commands in the order help lists them, each loaded only when the program needs it: a run that
 * names its command loads that command's modules alone (a draw started by cron does not load the
 * penalty rules, the check reports or the workbook templates), about a quarter of start-up time.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['draw', async () => (await import('./commands/draw/index.js')).registerDraw],
  ['verify', async () => (await import('./commands/verify/index.js')).registerVerify],
  ['penalty', async () => (await import('./commands/penalty/index.js')).registerPenalty],
  ['rules', async () => (await import('./commands/rules.js')).registerRules],
  ['check', async () => (await import('./commands/check/index.js')).registerCheck],
  ['calendar', async () => (await import('./commands/calendar.js')).registerCalendar],
  ['results', async () => (await import('./commands/results/index.js')).registerResults],
  ['publish', async () => (await import('./commands/publish.js')).registerPublish],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['init', async () => (await import('./commands/init.js')).registerInit],
];

/**
 * The command a run names (its first operand), when nothing before it can make the program speak of
 * its other commands: only --lang <lang>, --no-color and --debug may come first. Anything else there
 * (--help, --version, an unknown option), no command, `help` or an unknown name: every command is
 * registered, so help lists them all and a mistyped name still gets its suggestion.
 */
function namedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--lang') i++;
    else if (!(a.startsWith('--lang=') || a === '--no-color' || a === '--debug')) return COMMANDS.some(([name]) => name === a) ? a : undefined;
  }
  return undefined;
}

/**
 * Builds the commander program. Commander's own words (Usage:, Options:) are English,
 * so help is localised here and its parse errors are turned into our UsageError.
 * `args` (the user's arguments, without node and the script): the run they are for, which may then
 * load only the command it names; without them the program has every command.
 */
export async function buildProgram(ctx: Ctx, args?: readonly string[]): Promise<Command> {
  const t = m();
  const program = new Command('shuangsui');
  program
    .description(t.programDescription)
    .version(TOOL_VERSION, '-V, --version', t.opt.version)
    .helpOption('-h, --help', t.opt.help)
    .helpCommand('help [command]', t.help.helpCommand)
    .addHelpText('afterAll', t.help.exitCodes)
    .showSuggestionAfterError(true)
    .configureHelp({
      formatHelp: localisedHelp,
      optionDescription(this: Help, o) {
        return localiseExtras(Help.prototype.optionDescription.call(this, o));
      },
      argumentDescription(this: Help, a) {
        return localiseExtras(Help.prototype.argumentDescription.call(this, a));
      },
      // a Chinese character takes two columns: pad and wrap by what the terminal shows, not by string length
      displayWidth: (str: string) => displayWidth(str),
      subcommandTerm(this: Help, c) {
        return Help.prototype.subcommandTerm.call(this, c).replace('[options]', m().help.optionsPlaceholder).replace('[command]', m().help.commandPlaceholder);
      },
    })
    .configureOutput({
      writeOut: (s) => ctx.ui.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.ui.err(s.replace(/\n$/, '')),
      // the width of the streams this run writes to (commander would ask process.stdout, wrong for an in-process run)
      getOutHelpWidth: () => ctx.ui.columns.out ?? 80,
      getErrHelpWidth: () => ctx.ui.columns.err ?? 80,
      // parse errors are reported by main() in the user's language
      outputError: () => undefined,
    })
    .exitOverride();
  addOptions(program, [common.lang, common.noColor, common.debug]);

  const only = args && namedCommand(args);
  const wanted = COMMANDS.filter(([name]) => only === undefined || name === only);
  for (const register of await Promise.all(wanted.map(([, load]) => load()))) register(program, ctx);
  return program;
}

function localisedHelp(cmd: Command, helper: Help): string {
  const t = m().help;
  return Help.prototype.formatHelp
    .call(helper, cmd, helper)
    .replace(/^Usage: (.*)$/m, (_, rest: string) => `${t.usage}${t.usage.endsWith('：') ? '' : ' '}${rest.replace('[options]', t.optionsPlaceholder).replace('[command]', t.commandPlaceholder)}`)
    .replace(/^Options:/m, t.options)
    .replace(/^Commands:/m, t.commands)
    .replace(/^Arguments:/m, t.arguments)
    .replace(/^Global Options:/m, t.globalOptions);
}

/** Commander appends "(default: x)" and "(choices: a, b)" in English. */
function localiseExtras(text: string): string {
  const t = m().help;
  return text
    .replace(/ ?\(default: \[\]\)/g, '') // an empty repeatable option is not a default worth showing
    .replace(/\(default: ([^)]*)\)/g, t.defaultNote('$1')).replace(/\(choices: ([^)]*)\)/g, t.choicesNote('$1'));
}

/** Turns commander's English parse errors into a UsageError in the user's language. */
export function translateCommanderError(e: CommanderError): UsageError {
  const t = m().errors;
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  // commander's "(Did you mean check?)" is worth keeping, in the user's language
  const hint = /\(Did you mean (.+)\?\)/.exec(e.message)?.[1];
  const withHint = (msg: string) => new UsageError(hint ? msg + t.didYouMean(hint) : msg);
  switch (e.code) {
    case 'commander.unknownOption':
      return withHint(t.unknownOption(quoted));
    case 'commander.unknownCommand':
      return withHint(t.unknownCommand(quoted));
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

import { Command, CommanderError, Help } from 'commander';
import type { Ctx } from './context.js';
import { UsageError } from './errors.js';
import { m } from './i18n/index.js';
import { displayWidth } from './ui/text.js';
import { TOOL_VERSION } from './version.js';
import { registerDraw } from './commands/draw/index.js';
import { registerVerify } from './commands/verify/index.js';
import { registerPenalty } from './commands/penalty/index.js';
import { registerRules } from './commands/rules.js';
import { registerCheck } from './commands/check/index.js';
import { registerCalendar } from './commands/calendar.js';
import { registerInit } from './commands/init.js';
import { registerPublish } from './commands/publish.js';
import { registerResults } from './commands/results/index.js';
import { registerReport } from './commands/report.js';

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
    .option('--lang <lang>', t.opt.lang, (v: string) => {
      // detectLang has already chosen the language; an unknown one is said, not silently Chinese
      if (!/^(zh|en)([-_].*)?$/i.test(v)) throw new UsageError(m().errors.unknownLang(v));
      return v;
    })
    .option('--no-color', t.opt.noColor)
    .option('--debug', t.opt.debug)
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
      // parse errors are reported by main() in the user's language
      outputError: () => undefined,
    })
    .exitOverride();

  registerDraw(program, ctx);
  registerVerify(program, ctx);
  registerPenalty(program, ctx);
  registerRules(program, ctx);
  registerCheck(program, ctx);
  registerCalendar(program, ctx);
  registerResults(program, ctx);
  registerPublish(program, ctx);
  registerReport(program, ctx);
  registerInit(program, ctx);
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

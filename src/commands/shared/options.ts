import { Option, type Command } from 'commander';
import { parseDate, type IsoDate } from '../../core/values.js';
import { UsageError } from '../../errors.js';
import { m } from '../../i18n/index.js';
import { parseInputEncoding, parseOutputEncoding, type InputEncoding, type OutputEncoding } from '../../io/encoding.js';

/**
 * One option, declared once. A command's table of these drives commander (flags, description,
 * parser), the type of the options its action receives (OptionsOf), the usage error for a bad
 * value (thrown by `parse`, the same words wherever the option appears) and, through --help, the
 * README's command reference (scripts/readme-help.js).
 */
export interface OptionSpec<K extends string = string, V = unknown> {
  /** commander's flags: '--as-of <date>' takes a value, '--batch [file]' may, '--json' is a switch */
  readonly flags: string;
  /** the property the action reads; checked against commander's own camel-casing when registered */
  readonly key: K;
  /** read when the command is registered, in the language chosen by then */
  readonly description: () => string;
  /** the typed text to the value; throws a UsageError for a bad one (commander calls it per occurrence) */
  parse?(raw: string, previous: V | undefined): V;
  /** shown in --help as "(default: …)"; most options have none, so that their absence can be told apart */
  readonly defaultValue?: V;
}

/** What a flag holds when the table gives no parser: a value, an optional value (true when left out), or a switch. */
type ValueOfFlags<F extends string> = F extends `${string}<${string}>` ? string : F extends `${string}[${string}]` ? string | true : boolean;

/** Declares an option; its value type follows from the parser, else from the flags. */
export function opt<const F extends string, const K extends string, V = ValueOfFlags<F>>(spec: {
  flags: F;
  key: K;
  description: () => string;
  parse?: (raw: string, previous: V | undefined) => V;
  defaultValue?: V;
}): OptionSpec<K, V> {
  return spec;
}

/** The same option with the description a command words for itself (e.g. check's --demo). */
export function described<K extends string, V>(spec: OptionSpec<K, V>, description: () => string): OptionSpec<K, V> {
  return { ...spec, description };
}

/** The options object an action receives from a table: each key optional (an option left out is undefined). */
export type OptionsOf<T extends readonly OptionSpec[]> = { [S in T[number] as S['key']]?: S extends OptionSpec<string, infer V> ? V : never };

/** Adds a table's options to a command, in table order (the order --help lists them). */
export function addOptions(cmd: Command, specs: readonly OptionSpec[]): Command {
  for (const s of specs) {
    const o = new Option(s.flags, s.description());
    if (s.parse) o.argParser(s.parse);
    if (s.defaultValue !== undefined) o.default(s.defaultValue);
    // a key that commander would store under another name would leave the typed property always undefined
    if (o.attributeName() !== s.key) throw new Error(`option table: ${s.flags} is stored as ${o.attributeName()}, not ${s.key}`);
    cmd.addOption(o);
  }
  return cmd;
}

/** A date argument or option value (YYYY-MM-DD and the forms parseDate accepts); `what` names it in the error. */
export function dateArg(raw: string, what: string): IsoDate {
  const d = parseDate(raw);
  if (d === undefined) throw new UsageError(m().calendar.badDateArg(what, raw));
  return d;
}

/** A four-digit year (an argument or an option value). */
export function yearArg(raw: string): number {
  if (!/^\d{4}$/.test(raw.trim())) throw new UsageError(m().calendar.badYearArg(raw));
  return Number(raw.trim());
}

/** A date option's parser, naming the option in its error. */
export const dateOf = (flag: string) => (raw: string): IsoDate => dateArg(raw, flag);

const LANG = /^(zh|en)([-_].*)?$/i;

/** The options several commands share: declared here once, with the wording most of them use. */
export const common = {
  // detectLang (src/i18n) has already chosen the language from argv; an unknown one is said, not silently Chinese
  lang: opt({ flags: '--lang <lang>', key: 'lang', description: () => m().opt.lang, parse: (v) => { if (!LANG.test(v)) throw new UsageError(m().errors.unknownLang(v)); return v; } }),
  noColor: opt({ flags: '--no-color', key: 'color', description: () => m().opt.noColor }),
  debug: opt({ flags: '--debug', key: 'debug', description: () => m().opt.debug }),
  asOf: opt({ flags: '--as-of <date>', key: 'asOf', description: () => m().check.optAsOf, parse: dateOf('--as-of') }),
  json: opt({ flags: '--json', key: 'json', description: () => m().opt.json }),
  demo: opt({ flags: '--demo', key: 'demo', description: () => m().opt.demo }),
  encoding: opt({ flags: '--encoding <enc>', key: 'encoding', description: () => m().opt.encoding, parse: (raw): InputEncoding => parseInputEncoding(raw) }),
  outEncoding: opt({ flags: '--out-encoding <enc>', key: 'outEncoding', description: () => m().opt.outEncoding, parse: (raw): OutputEncoding => parseOutputEncoding(raw) }),
  force: opt({ flags: '--force', key: 'force', description: () => m().opt.force }),
  lenient: opt({ flags: '--lenient', key: 'lenient', description: () => m().opt.lenient }),
  sheet: opt({ flags: '--sheet <name|n>', key: 'sheet', description: () => m().xlsx.optSheet }),
  format: opt({ flags: '--format <csv|xlsx>', key: 'format', description: () => m().xlsx.optFormat }),
  since: opt({ flags: '--since <date>', key: 'since', description: () => m().check.optSince, parse: dateOf('--since') }),
  region: opt({ flags: '--region <region>', key: 'region', description: () => m().calendar.optRegion }),
  // repeatable: each file is one more calendar
  calendar: opt({ flags: '--calendar <file>', key: 'calendar', description: () => m().calendar.optCalendar, parse: (v, prev: string[] | undefined) => [...(prev ?? []), v] }),
} as const;

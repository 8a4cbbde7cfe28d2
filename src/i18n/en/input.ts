import type { input as zhInput } from '../zh/input.js';

const delimiterNames: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

export const input: typeof zhInput = {
  delimiterName: (d: string) => delimiterNames[d] ?? d,
  quoteNotClosed: (col: number, start: string) =>
    `cell ${col} opens with a double quote ("${start}") that is never closed before the end of the file; add the closing quote, or save the file again as CSV from Excel/WPS`,
  strayQuote: (col: number, start: string) =>
    `cell ${col} ("${start}") has a double quote (") in the middle; a cell with quotes must be quoted whole, with its quotes doubled (Excel/WPS "Save as CSV" does this)`,
  textAfterQuote: (col: number, start: string) => `cell ${col} ("${start}") has characters after its closing quote; double the quotes inside the cell`,
  tooManyFields: (got: number, want: number) =>
    `this row has ${got} cells but the header has ${want} columns; extra cells usually come from an unquoted delimiter inside a cell: check the row or save the file again as CSV (--lenient skips the row)`,
  tooFewFields: (got: number, want: number) =>
    `this row has only ${got} cells but the header has ${want} columns; the row may be cut short or split by a line break: check it (--lenient skips the row)`,
  controlChar: (code: string) => `the cell holds the control character ${code} (invisible; usually from copy-and-paste or a damaged export); delete it and save again`,
  excelExponent: (raw: string) =>
    `"${raw}" looks like Excel turned it into scientific notation, losing its last digits: format the column as "Text" and export again from the original data`,
  excelDecimal: (raw: string) => `"${raw}" looks like Excel stored it as a number (a trailing ".0"): format the column as "Text" and export again`,
  excelApostrophe: (raw: string) => `"${raw}" starts with an apostrophe (Excel's hidden text marker)`,
  apostropheStripped: (file: string, line: number, column: string, value: string) =>
    `warning: ${file}:${line} column "${column}": the leading apostrophe of "${value}" (Excel's text marker) was removed; "${value.slice(1)}" is used and published`,
  certNoPattern: (pattern: string) =>
    `the certificate number does not have the required form (${pattern}); provinces differ: set cert_no_pattern in the plan, see docs/input.md`,
  defaultCertNoPattern: 'digits and letters only',
  badCertNoPattern: (pattern: string, why: string) => `cert_no_pattern "${pattern}" is not a valid regular expression: ${why}`,
  certNoPatternNotText: 'it must be non-empty text (a regular expression in quotes)',
  notUtf8At: (line: number, byte: number, hex: string) =>
    `line ${line}, byte ${byte} (${hex}) is not valid UTF-8; the rest of the file is UTF-8, so this line was probably pasted from a GBK (ANSI) file. Save the whole file as "UTF-8" from Excel/WPS or Notepad and try again`,
  bomThenGbk: (line: number, byte: number, hex: string) =>
    `the file starts with a UTF-8 byte-order mark, but line ${line}, byte ${byte} (${hex}) is not valid UTF-8 (it looks like GBK); save the whole file as "UTF-8", or remove the mark and use --encoding gbk`,
  notUtf8Forced: (line: number, byte: number, hex: string) =>
    `line ${line}, byte ${byte} (${hex}) is not valid UTF-8 (--encoding utf8 was given); if the file is GBK (ANSI), use --encoding gbk`,
  notGbkAt: (line: number, enc: string) =>
    `line ${line} holds bytes that do not decode as ${enc}; the file may mix encodings: save the whole file as "UTF-8" from Excel/WPS and try again`,
  notUtf16At: (line: number) => `line ${line} holds bytes that do not decode as UTF-16; the file may be damaged: export it again`,
  unencodableOut: (value: string, enc: string) =>
    `the value "${value}" has characters ${enc} cannot represent; writing it would lose data: use --out-encoding utf8 or --out-encoding gb18030`,
  readAs: (encoding: string, delimiter: string) => ` (read as ${encoding}, ${delimiter}-separated)`,
  notATable: (encoding: string, delimiter: string, columns: number) =>
    `read as ${encoding} and ${delimiter}-separated, the header has only ${columns} column(s): this does not look like a CSV table; in Excel/WPS save it as "CSV (comma delimited)" or "Unicode Text"`,
  quotedNumber: (v: string) => `"${v}" is quoted, which makes it text in YAML, not a number: remove the quotes`,
  numberRange: (min: number, max: number) => `must be a whole number from ${min} to ${max}`,
  yamlAt: (line: number, col: number) => `line ${line}, column ${col}: `,
  yamlHintSep: '. Likely cause: ',
  yamlHintTab: 'the line is indented with a tab; YAML indents with spaces only',
  yamlHintFullColon: 'a full-width colon "：" was typed; YAML needs an ASCII colon ":" and a space after the key',
  yamlHintFullComma: 'a full-width comma "，" was typed; a list such as [a, b] is separated by ASCII commas ","',
  yamlHintColonSpace: 'the colon ":" has no space after it; write "key: value"',
  yamlAliasBomb: (n: number) => `the YAML file expands aliases (*references) more than ${n} times, like an "alias bomb", and was refused; do not use anchors and aliases in it`,
  yamlBadAlias: (why: string) => `invalid YAML alias (*reference): ${why}`,
  yamlTooDeep: (n: number) => `the YAML file nests deeper than ${n} levels and was refused; it may be damaged`,
  yamlCodes: {
    BAD_INDENT: 'wrong indentation: keys of one level must line up, a deeper level must be indented further',
    TAB_AS_INDENT: 'tabs are not allowed as indentation, only spaces',
    DUPLICATE_KEY: 'a key appears twice at the same level; each key may appear once',
    MULTIPLE_DOCS: 'the file holds more than one YAML document (a line "---"); a file may hold one',
    MISSING_CHAR: 'a character is missing (an unclosed quote, bracket or brace)',
    BLOCK_AS_IMPLICIT_KEY: 'this line was read as a key but has no colon ":" and value',
    MULTILINE_IMPLICIT_KEY: 'a key cannot span lines; the line before may lack a colon ":" or be indented too far',
    UNEXPECTED_TOKEN: 'a character that does not belong here',
    BAD_SCALAR_START: 'a value cannot start with this character; quote a value that starts with @, ` or %',
    BLOCK_IN_FLOW: 'inside [ ] or { } lines cannot be written in block form',
    BAD_DQ_ESCAPE: 'invalid backslash escape in a double-quoted string; for a plain backslash use single quotes',
    KEY_OVER_1024_CHARS: 'the key is too long (over 1024 characters)',
    BAD_ALIAS: 'invalid alias (*reference)',
    ALIAS_PROPS: 'an alias cannot have a tag or anchor',
    MULTIPLE_ANCHORS: 'a node may have one anchor (&)',
    MULTIPLE_TAGS: 'a node may have one tag (!)',
    NON_STRING_KEY: 'keys must be text',
    BAD_DIRECTIVE: 'invalid % directive',
    BAD_PROP_ORDER: 'anchor and tag are in the wrong place',
    TAG_RESOLVE_FAILED: 'unknown tag (!)',
    BAD_COLLECTION_TYPE: 'the collection does not match its tag',
    RESOURCE_EXHAUSTION: 'the file is too large or complex and was refused',
    IMPOSSIBLE: 'YAML parse error',
  },
  unmatchedValue: (key: string, value: string, closest: string[], joined: boolean) =>
    `no employer in the directory has "${value}" in the ${key} column, so this condition selects nobody` +
    (joined ? '; it looks like several values joined by a full-width comma or 、: write a list as [a, b] with ASCII commas' : '') +
    (closest.length ? `; nearest values in the directory: ${closest.join(', ')}` : '; check how the directory spells it') +
    ' (if there really are none this period, --allow-unmatched makes this a warning)',
  unmatchedWarning: (file: string, line: number | undefined, message: string) => `warning (--allow-unmatched): ${file}${line ? `:${line}` : ''}: ${message.replace(/ \(if there really.*$/, '')}`,
  blankStratum: (file: string, tasks: readonly string[], key: string, n: number) =>
    `warning: ${n} employers in ${file} have an empty ${key}; tasks ${tasks.join(', ')} stratify by it, so they form a stratum of their own: "(blank)" on screen, recorded as （未填写） in the list and the ledger`,
  allowUnmatchedOpt: 'only warn when a plan filter value matches no employer in the directory (by default it is an error: usually a typo)',
  resaved: (changes: string[]) => `same content, but the ${changes.join(', ')} changed (probably re-saved by Excel/WPS); publish and verify the original file: take it again from the manifest's folder and do not re-save it`,
  bytesOnly: '(no row differs cell by cell; the difference is in the bytes only: the file may have been re-saved or damaged; take the original again)',
  resaveChanges: {
    encoding: 'encoding',
    bom: 'byte-order mark',
    lineEndings: 'line endings',
    finalNewline: 'final newline',
    quoting: 'cell quoting',
  } as Record<string, string>,
  caseColumn: 'case_no',
  noCalendarRow: (year: number) => `the deadline falls in ${year}, which has no working-day calendar`,
  moreProblems: (shown: number, total: number) => `(${total} problems in all; only the first ${shown} are listed)`,
};

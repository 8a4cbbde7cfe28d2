import type { input as zhInput } from '../zh/input.js';

const delimiterNames: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

export const input: typeof zhInput = {
  delimiterName: (d: string) => delimiterNames[d] ?? d,
  quoteNotClosed: (col: number, start: string) =>
    `cell ${col} opens with a double quote ("${start}") that is never closed before the end of the file; add the closing quote, or save the file again as CSV from Excel/WPS`,
  strayQuote: (col: number, start: string) =>
    `cell ${col} ("${start}") has a double quote (") in the middle; a cell with quotes must be quoted whole, with its quotes doubled (Excel/WPS "Save as CSV" does this)`,
  textAfterQuote: (col: number, start: string) => `cell ${col} ("${start}") has characters after its closing quote; double the quotes inside the cell`,
  strayNewline: (col: number) =>
    `cell ${col} holds an unquoted line break (of a different kind from the file's own); a cell with a line break must be quoted whole: save the file again as CSV from Excel/WPS`,
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
  moreProblems: (shown: number, total: number) => `(${total} problems in all; only the first ${shown} are listed)`,
};

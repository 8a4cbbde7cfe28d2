import type { ProblemParams } from '../errors.js';
import { splitList } from '../core/params.js';
import type { common as zhCommon } from './zh/common.js';
import type { input as zhInput } from './zh/input.js';

/**
 * The words of the codes core/table-schema.ts returns for the office's spreadsheets (table.*, row.*,
 * cell.*), in terms of each language's own sections: the sentences are the ones those always wrote.
 */
export interface TableSections {
  io: (typeof zhCommon)['io'];
  input: typeof zhInput;
}

const s = (v: ProblemParams[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const n = (v: ProblemParams[string] | undefined): number => Number(v);

export function tableProblems(x: TableSections) {
  const { io, input } = x;
  /** a cell listing several codes names the bad one first */
  const uscc = (p: ProblemParams, why: string) => (p.item === undefined ? io.badUscc(why) : `${s(p.item)}: ${io.badUscc(why)}`);
  return {
    'table.column.duplicate': (p: ProblemParams) => io.duplicateColumn(s(p.column)),
    'table.column.missing': (p: ProblemParams) => io.missingColumn(s(p.column), splitList(p.found)),
    'row.fields.many': (p: ProblemParams) => input.tooManyFields(n(p.got), n(p.want)),
    'row.fields.few': (p: ProblemParams) => input.tooFewFields(n(p.got), n(p.want)),
    'cell.control': (p: ProblemParams) => input.controlChar(s(p.char)),
    'cell.excel.exponent': (p: ProblemParams) => input.excelExponent(s(p.raw)),
    'cell.excel.decimal': (p: ProblemParams) => input.excelDecimal(s(p.raw)),
    'cell.apostrophe.stripped': (p: ProblemParams) => input.apostropheStripped(s(p.file), n(p.line), s(p.column), s(p.value)),
    'cell.required': () => io.required,
    'cell.duplicate': (p: ProblemParams) => io.duplicateKey(s(p.value), n(p.first_line)),
    'cell.date.before': (p: ProblemParams) => io.dateBefore(s(p.column), s(p.date)),
    'cell.date': () => io.badDate,
    'cell.bool': () => io.badBool,
    'cell.count': () => io.badInteger,
    'cell.money': () => io.badMoney,
    'cell.enum': (p: ProblemParams) => io.badEnum(splitList(p.allowed)),
    'cell.code.pattern': (p: ProblemParams) => input.certNoPattern(p.pattern === null || p.pattern === undefined ? input.defaultCertNoPattern : s(p.pattern)),
    'cell.uscc.length': (p: ProblemParams) => uscc(p, io.usccLength(n(p.length))),
    'cell.uscc.char': (p: ProblemParams) => uscc(p, io.usccChar(s(p.char), n(p.position))),
    'cell.uscc.check': (p: ProblemParams) => uscc(p, io.usccCheck(s(p.expected), s(p.got))),
  };
}

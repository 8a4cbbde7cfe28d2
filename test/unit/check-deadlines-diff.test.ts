import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { Chalk } from 'chalk';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadDisclosureRules } from '../../src/io/compliance.js';
import { loadDecisionColumns, PROBLEM_KEEP } from '../../src/io/decisions.js';
import { deadlineFiles } from '../../src/io/deadline-files.js';
import { deadlineJsonText, deadlineSummary, deadlineTableText } from '../../src/ui/deadline-report.js';
import { displayWidth } from '../../src/ui/text.js';
import { decisionDeadlines, deadlineTable } from '../../src/core/check/index.js';
import { addDays } from '../../src/core/calendar/index.js';
import { DECISION_KINDS, type Decision } from '../../src/core/records.js';
import type { IsoDate } from '../../src/core/values.js';
import { errorOutcome, oldCheckDeadlines, oldDeadlines, out, type DeadlinesOutcome } from '../support/old-deadlines.js';

/**
 * Differential tests of `check deadlines`: the streaming path (decisions read in chunks into columns,
 * deadlines on the columns, outputs written from them in pieces) against the whole-file path it
 * replaced, kept in test/support/old-deadlines.ts. Random decision files (bad rows, quoted newlines
 * and quotes, CRLF and LF, BOM, GBK, extra columns, tiny chunks so records cross every boundary)
 * must give the same table, --json, CSV bytes, warnings, findings, or the same error.
 */

const cal = await loadCalendar();
const rules = await loadDisclosureRules();
/** Property runs give the event loop a turn, so vitest's worker can still answer its RPC on a loaded machine. */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

// Few distinct days and case numbers that share prefixes, so rows tie on status, days and deadline
// and the case number decides; CJK, ASCII and astral characters, since the order is by UTF-16 unit.
const day = fc.integer({ min: 0, max: 90 }).map((n) => addDays('2025-12-15', n));
const caseNo = fc
  .tuple(fc.constantFrom('清人社监罚〔2026〕', '清人社监罚〔2025〕', '清人社许〔2026〕', 'A-', '𠀀号', ''), fc.integer({ min: 0, max: 400 }))
  .map(([p, n]) => `${p}${n}号`);
const decisionArb = fc
  .record({
    caseNo,
    kind: fc.constantFrom(...DECISION_KINDS),
    decidedOn: day,
    lag: fc.option(fc.integer({ min: 0, max: 40 })),
    revoke: fc.option(fc.integer({ min: 1, max: 20 })),
    withdraw: fc.option(fc.integer({ min: 0, max: 10 })),
  })
  .map(({ caseNo, kind, decidedOn, lag, revoke, withdraw }) => {
    const publishedOn = lag === null ? null : addDays(decidedOn, lag);
    const revokedOn = revoke === null ? null : addDays(publishedOn ?? decidedOn, revoke);
    const withdrawnOn = revokedOn === null || withdraw === null ? null : addDays(revokedOn, withdraw);
    return { caseNo, kind, decidedOn, publishedOn, revokedOn, withdrawnOn };
  });

describe('decisionDeadlines agrees with the spread-and-sort code it replaced', () => {
  it('same rows in the same order on random decision lists (ties on everything but the case number included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(decisionArb, { selector: (d) => d.caseNo, maxLength: 300 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 10 }), async (list, asOfDay, warn) => {
        await breathe();
        const decisions: Decision[] = list.map((d, i) => ({ ...d, fine: null, line: i + 2, extra: [] }));
        const asOf = addDays('2026-01-10', asOfDay);
        expect(decisionDeadlines(decisions, rules, cal, asOf, warn)).toEqual(oldDeadlines(decisions, rules, cal, asOf, warn));
      }),
      { numRuns: 150 },
    );
  });

  it('a case number twice among otherwise equal rows falls back to the old sort and gives its order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(decisionArb, { maxLength: 60 }), async (list) => {
        await breathe();
        const decisions: Decision[] = [...list, ...list].map((d, i) => ({ ...d, fine: null, line: i + 2, extra: [] }));
        expect(decisionDeadlines(decisions, rules, cal, '2026-02-01', 5)).toEqual(oldDeadlines(decisions, rules, cal, '2026-02-01', 5));
      }),
      { numRuns: 60 },
    );
  });

  it('10,000 decisions over 2020-2026 in one list', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const decisions: Decision[] = Array.from({ length: 10_000 }, (_, i) => {
      const decidedOn = addDays('2020-01-02', Math.floor(rnd() * 2500));
      const r = rnd();
      const publishedOn = r < 0.9 ? addDays(decidedOn, Math.floor(rnd() * 30)) : null;
      const revokedOn = publishedOn && r < 0.1 ? addDays(publishedOn, 1 + Math.floor(rnd() * 20)) : null;
      return { caseNo: `省人社〔${decidedOn.slice(0, 4)}〕${(i * 7919) % 10_000}号`, kind: DECISION_KINDS[i % 6]!, decidedOn, publishedOn, revokedOn, withdrawnOn: revokedOn && rnd() < 0.5 ? addDays(revokedOn, Math.floor(rnd() * 6)) : null, fine: null, line: i + 2, extra: [] };
    });
    expect(decisionDeadlines(decisions, rules, cal, '2026-11-21', 5)).toEqual(oldDeadlines(decisions, rules, cal, '2026-11-21', 5));
  });
});

// ---------------------------------------------------------------------------------------------
// The streaming command against the whole-file one, on random files

type Opts = Parameters<typeof oldCheckDeadlines>[1];

async function newCheckDeadlines(file: string, o: Opts & { chunkChars: number; onWholeFile?: () => void }): Promise<DeadlinesOutcome> {
  const warnings: string[] = [];
  try {
    const cols = await loadDecisionColumns(file, { encoding: o.encoding, since: o.since, chunkChars: o.chunkChars, warn: (s) => warnings.push(s), onWholeFile: o.onWholeFile });
    const t = deadlineTable(cols, o.rules, o.cal, o.asOf, o.warnDays);
    const [csvFile] = await deadlineFiles(t, o.outEncoding, { csv: 'out.csv' }, new Date(0));
    const csv = Buffer.concat([...(csvFile!.data as Iterable<Uint8Array>)]).toString('latin1');
    return {
      warnings,
      table: [...deadlineTableText(t, o.color)].map(out).join('') + out('') + out(deadlineSummary(t)),
      json: [...deadlineJsonText(t)].map(out).join(''),
      csv,
      findings: t.findings,
    };
  } catch (e) {
    return errorOutcome(e, warnings);
  }
}

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shuangsui-deadlines-diff-'));
let fileNo = 0;
async function writeFile(bytes: Buffer): Promise<string> {
  const f = path.join(tmp, `d${fileNo++}.csv`);
  await fs.writeFile(f, bytes);
  return f;
}

const HEADERS = [
  ['案号', '决定类型', '决定日期', '公示日期', '撤销日期', '撤下日期'],
  ['决定书文号', '类型', '作出决定日期', '公开日期', '撤销日期', '撤下日期', '罚款金额', '备注'],
  ['case_no', 'kind', 'decided_on', 'published_on', 'revoked_on', 'withdrawn_on'],
];
const csvQuote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const dayArb = fc.integer({ min: 0, max: 120 }).map((n) => addDays('2025-11-20', n));
// mostly good cells; now and then every fault the validation names
const caseArb = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.constantFrom('清人社监罚〔2026〕', '清人社许〔2025〕', 'A-', '𠀀号', ''), fc.integer({ min: 0, max: 60 })).map(([p, n]) => `${p}${n}号`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', "'清人社〔2026〕1号", '1.5E+3', '12.0', '带"引号"的案号', '换行\n案号', '逗号,案号', 'x\u0007y', ' 空格 ') },
);
const kindArb = fc.oneof({ weight: 15, arbitrary: fc.constantFrom(...DECISION_KINDS) }, { weight: 1, arbitrary: fc.constantFrom('', '罚款', 'ＡＢ') });
const optDate = (base: fc.Arbitrary<string>) => fc.oneof({ weight: 6, arbitrary: base }, { weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2026/1/5', '2026年1月6日', 'soon') });
const rowArb = fc.record({ caseNo: caseArb, kind: kindArb, decided: optDate(dayArb), published: optDate(dayArb), revoked: optDate(dayArb), withdrawn: optDate(dayArb), fine: fc.constantFrom('', '1,200.50', '3000元', 'abc'), note: fc.constantFrom('', '备注', '"引"', 'a\r\nb'), shape: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, -1) });
const fileArb = fc.record({
  header: fc.integer({ min: 0, max: HEADERS.length - 1 }),
  rows: fc.array(rowArb, { maxLength: 40 }),
  eol: fc.constantFrom('\r\n', '\n', '\r\n', 'mixed'),
  bom: fc.boolean(),
  gbk: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  blank: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  stray: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
});

function fileText(f: typeof fileArb extends fc.Arbitrary<infer T> ? T : never): string {
  const header = HEADERS[f.header]!;
  const lines = [header.join(',')];
  f.rows.forEach((r, i) => {
    const cells = [r.caseNo, r.kind, r.decided, r.published, r.revoked, r.withdrawn];
    if (header.length > 6) cells.push(r.fine, r.note);
    if (r.shape === 1) cells.push('多余');
    if (r.shape === -1) cells.pop();
    let line = cells.map(csvQuote).join(',');
    if (f.stray && i === Math.floor(f.rows.length / 2)) line += ',a"b';
    lines.push(line);
    if (f.blank && i % 7 === 3) lines.push('');
  });
  const eol = (i: number) => (f.eol === 'mixed' ? ['\r\n', '\n', '\r'][i % 3]! : f.eol);
  return lines.map((l, i) => l + eol(i)).join('');
}

describe('check deadlines: the streaming path gives what the whole-file path gave', () => {
  it('same table, --json, CSV bytes, warnings and findings, or the same error, on random decision files read in tiny chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.integer({ min: 1, max: 90 }), fc.option(dayArb), fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.constantFrom('utf8', 'utf8', 'gbk', 'gb18030'), async (f, chunkChars, since, asOfDay, colour, outEncoding) => {
        await breathe();
        let text = fileText(f);
        let bytes: Buffer;
        if (f.gbk) {
          // a GBK file holds no character outside GBK
          text = text.replace(/𠀀/g, '甲');
          bytes = iconv.encode(text, 'gbk');
        } else bytes = Buffer.concat([f.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
        const file = await writeFile(bytes);
        const o: Opts = { since: since as IsoDate | null, rules, cal, asOf: addDays('2026-01-01', asOfDay), warnDays: 5, color: colour ? new Chalk({ level: 1 }) : new Chalk({ level: 0 }), outEncoding: outEncoding as Opts['outEncoding'] };
        let wholeFile = false;
        expect(await newCheckDeadlines(file, { ...o, chunkChars, onWholeFile: () => (wholeFile = true) })).toEqual(await oldCheckDeadlines(file, o));
        // only a file the scanner refuses, or one that is not UTF-8, is not streamed from the disk
        expect(wholeFile).toBe((f.stray && f.rows.length > 0) || (f.gbk && /[^\x00-\x7f]/.test(text)));
      }),
      { numRuns: 120 },
    );
  });

  it('a file with more problems than are kept reports them all by count, the first ones in full', async () => {
    const lines = ['案号,决定类型,决定日期'];
    for (let i = 0; i < PROBLEM_KEEP + 300; i++) lines.push(`案${i},不是类型,2026-01-05`);
    const file = await writeFile(Buffer.from(lines.join('\r\n')));
    const o: Opts = { since: null, rules, cal, asOf: '2026-02-01', warnDays: 5, color: new Chalk({ level: 0 }), outEncoding: 'utf8' };
    const old = await oldCheckDeadlines(file, o);
    const now = await newCheckDeadlines(file, { ...o, chunkChars: 500 });
    expect(now.error!.total).toBe(PROBLEM_KEEP + 300);
    expect(now.error!.problems).toEqual(old.error!.problems.slice(0, PROBLEM_KEEP));
    expect({ ...now.error, problems: [] }).toEqual({ ...old.error, problems: [] });
  });

  it('4,000 decisions with quoted newlines and quotes in case numbers, in 4 KB chunks', async () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lines = ['案号,决定类型,决定日期,公示日期,撤销日期,撤下日期'];
    for (let i = 0; i < 4000; i++) {
      const decided = addDays('2025-06-02', Math.floor(rnd() * 500));
      const published = rnd() < 0.8 ? addDays(decided, Math.floor(rnd() * 30)) : '';
      const revoked = published && rnd() < 0.1 ? addDays(published, 1 + Math.floor(rnd() * 20)) : '';
      const caseNo = i % 97 === 0 ? `"省人社""${i}""\n号"` : `省人社〔${decided.slice(0, 4)}〕${(i * 7919) % 4000}号`;
      lines.push([caseNo, DECISION_KINDS[i % 6], decided, published, revoked, revoked && rnd() < 0.5 ? addDays(revoked, 2) : ''].join(','));
    }
    const file = await writeFile(Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n'));
    const o: Opts = { since: '2025-09-01', rules, cal, asOf: '2026-11-21', warnDays: 5, color: new Chalk({ level: 0 }), outEncoding: 'utf8' };
    const old = await oldCheckDeadlines(file, o);
    expect(old.error).toBeUndefined();
    let wholeFile = false;
    expect(await newCheckDeadlines(file, { ...o, chunkChars: 4096, onWholeFile: () => (wholeFile = true) })).toEqual(old);
    expect(wholeFile).toBe(false);
  });
});

describe('displayWidth by char codes', () => {
  // the walk by code point it replaced
  const byCodePoint = (s: string) => {
    let w = 0;
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      const wide = [[0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x20000, 0x3fffd]].some(([a, b]) => cp >= a! && cp <= b!);
      w += wide ? 2 : cp < 0x20 || (cp >= 0x300 && cp < 0x370) ? 0 : 1;
    }
    return w;
  };
  it('gives the width the code-point walk gave, lone surrogates included', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0x300, 0x36f, 0x370, 0x1f, 0x20, 0x1100, 0x3000, 0xd840));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const s = String.fromCharCode(...units);
        expect(displayWidth(s)).toBe(byCodePoint(s));
      }),
      { numRuns: 3000 },
    );
  });
});

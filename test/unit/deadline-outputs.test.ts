import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Chalk } from 'chalk';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadDisclosureRules } from '../../src/io/compliance.js';
import { formatCsv } from '../../src/io/csv.js';
import { deadlineFiles } from '../../src/io/deadline-files.js';
import { m } from '../../src/i18n/index.js';
import { renderTable } from '../../src/ui/text.js';
import { deadlineTableText, statusText } from '../../src/ui/deadline-report.js';
import { DecisionColumns, caseNumberComparator, deadlineRow, deadlineTable, FINDING_STATUSES } from '../../src/core/check/index.js';
import { addDays } from '../../src/core/calendar/index.js';
import { DECISION_KINDS } from '../../src/core/records.js';

/**
 * The outputs of `check deadlines` written from columns (the CSV as bytes, the table from padded
 * cells) against the general writers on the same rows: formatCsv (every cell through csvCell, then
 * Buffer's UTF-8) and renderTable. Case numbers here are any UTF-16 text, lone surrogates, formula
 * starts, quotes, commas, line breaks and edge whitespace included, which a decisions file mostly
 * cannot deliver but the writers must still treat as the general ones do.
 */

const cal = await loadCalendar();
const rules = await loadDisclosureRules();

const units = fc.constantFrom(0x0, 0x9, 0xa, 0xd, 0x20, 0x22, 0x2b, 0x2c, 0x2d, 0x3d, 0x40, 0x41, 0x61, 0xa0, 0x3000, 0x7701, 0x3014, 0xd800, 0xd840, 0xdc00, 0xffff);
const text = (max: number) => fc.array(units, { maxLength: max }).map((u) => String.fromCharCode(...u));

describe('caseNumberComparator', () => {
  it('orders as < does, and says when it cannot tell two strings apart', () => {
    // two units only, now and then: strings that agree past the packed units and differ after them
    const narrow = fc.array(fc.oneof({ weight: 12, arbitrary: fc.constant(0x61) }, { weight: 1, arbitrary: fc.constant(0x62) }), { minLength: 10, maxLength: 18 }).map((u) => String.fromCharCode(...u));
    fc.assert(
      fc.property(text(6), fc.array(fc.oneof(text(20), narrow), { minLength: 1, maxLength: 40 }), (prefix, rest) => {
        const strings = rest.map((s) => prefix + s);
        const cmp = caseNumberComparator(strings, strings.length);
        const idx = strings.map((_, i) => i).sort(cmp.compare);
        const distinct = new Set(strings).size === strings.length;
        expect(cmp.tied).toBe(!distinct);
        if (!cmp.tied) for (let k = 1; k < idx.length; k++) expect(strings[idx[k - 1]!]! < strings[idx[k]!]!).toBe(true);
      }),
      { numRuns: 600 },
    );
  });
});

describe('check deadlines outputs from columns', () => {
  const day = fc.integer({ min: 0, max: 250 }).map((n) => addDays('2025-10-01', n));
  const row = fc.record({ caseNo: text(14), kind: fc.integer({ min: 0, max: DECISION_KINDS.length - 1 }), decided: day, lag: fc.option(fc.integer({ min: 0, max: 40 })), revoke: fc.option(fc.integer({ min: 1, max: 30 })), withdraw: fc.option(fc.integer({ min: 0, max: 8 })) });

  it('CSV bytes as formatCsv writes the same cells, table as renderTable aligns them', async () => {
    const t0 = m().check;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(row, { selector: (r) => r.caseNo, maxLength: 60 }), fc.boolean(), async (rows, colour) => {
        const cols = new DecisionColumns();
        rows.forEach((r, i) => {
          const published = r.lag === null ? null : addDays(r.decided, r.lag);
          const revoked = r.revoke === null ? null : addDays(published ?? r.decided, r.revoke);
          const withdrawn = revoked === null || r.withdraw === null ? null : addDays(revoked, r.withdraw);
          cols.push(r.caseNo, DECISION_KINDS[r.kind]!, r.decided, published, revoked, withdrawn, i + 2);
        });
        const t = deadlineTable(cols, rules, cal, '2026-03-02', 5);
        const list = Array.from(t.order, (i) => deadlineRow(t, i));
        const [file] = await deadlineFiles(t, 'utf8', { csv: 'out.csv' }, new Date(0));
        const bytes = Buffer.concat([...(file!.data as Iterable<Uint8Array>)]);
        const cells = list.map((r) => [r.caseNo, r.kind, r.decidedOn, r.publishedOn ?? '', r.deadline, statusText(r), r.status, String(r.workingDays), r.revokedOn ?? '', r.withdrawnOn ?? '', r.basis]);
        expect(bytes.equals(formatCsv(t0.csvHeader, cells))).toBe(true);
        const c = colour ? new Chalk({ level: 1 }) : new Chalk({ level: 0 });
        const paint = (r: (typeof list)[number], s: string) => (FINDING_STATUSES.has(r.status) ? c.red(s) : r.soon ? c.yellow(s) : s);
        const table = renderTable(
          [t0.colCaseNo, t0.colKind, t0.colDecidedOn, t0.colDeadline, t0.colPublishedOn, t0.colStatus, t0.colDays],
          list.map((r) => [r.caseNo, r.kind, r.decidedOn, r.deadline, r.publishedOn ?? '', paint(r, statusText(r)), r.workingDays ? String(r.workingDays) : '']),
          ['left', 'left', 'left', 'left', 'left', 'left', 'right'],
        );
        expect([...deadlineTableText(t, c)].join('\n')).toBe(table);
      }),
      { numRuns: 150 },
    );
  });
});

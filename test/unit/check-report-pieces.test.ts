import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding, Report } from '../../src/core/check/index.js';
import { renderReport, reportJson, reportJsonPieces, reportPieces } from '../../src/ui/report/index.js';
import { summaryLine } from '../../src/ui/report/text.js';
import { findingText, subjectText } from '../../src/ui/report/words.js';
import { m } from '../../src/i18n/index.js';

// `check all` prints and writes its report a piece at a time (a province's 10^5 findings as one string,
// or as one spread of arguments, failed). The pieces must make exactly the text and the JSON the whole
// report made.

const hostile = fc.string({ unit: fc.constantFrom('a', '清', '"', '\\', '\n', '\r', '\t', ',', '=', '\u2028', '\ud800', ' '), maxLength: 12 });
const date = fc.constantFrom('2026-01-05', '2025-12-31', null);
const finding: fc.Arbitrary<Finding> = fc.record({
  check: fc.constant('deadlines' as const),
  severity: fc.constantFrom('finding' as const, 'warning' as const),
  code: fc.constantFrom('check.deadline.late', 'check.deadline.overdue', 'check.deadline.due', 'check.deadline.withdrawal.overdue'),
  params: fc.record({
    kind: fc.constantFrom('行政处罚', '行政强制'),
    decided_on: fc.constant('2025-11-03'),
    deadline: fc.constant('2025-12-01'),
    published_on: date,
    revoked_on: date,
    withdrawn_on: date,
    working_days: fc.integer({ min: -3, max: 2000 }),
    basis: hostile,
  }),
  subject: hostile,
  file: fc.option(hostile, { nil: undefined }),
  line: fc.option(fc.nat(), { nil: undefined }),
});
const report: fc.Arbitrary<Report> = fc.record({
  asOf: fc.constant('2026-11-21'),
  results: fc.constant([]),
  // enough findings now and then to cut the output into several pieces (64 K characters each)
  findings: fc.oneof(fc.array(finding, { maxLength: 4 }), fc.array(finding, { minLength: 400, maxLength: 700 })),
  warnings: fc.array(finding, { maxLength: 4 }),
  notes: fc.array(hostile, { maxLength: 2 }),
  inputErrors: fc.array(
    fc.record({ check: fc.constant('roster' as const), total: fc.integer({ min: 1, max: 5 }), problems: fc.array(fc.record({ file: hostile, line: fc.nat(), message: hostile }), { minLength: 1, maxLength: 3 }) }),
    { maxLength: 2 },
  ),
});

/** The report as renderReport made it before it was cut into pieces: every line in an array, joined. */
function wholeReport(r: Report, format: 'text' | 'md'): string {
  const t = m().check;
  const md = format === 'md';
  const item = (f: Finding) => `${md ? '- ' : '  '}[${t.checkNames[f.check]}] ${subjectText(f)}${t.itemSep}${findingText(f)}${f.file ? (f.line === undefined ? ` (${f.file})` : ` (${f.file}:${f.line})`) : ''}`;
  const out: string[] = [md ? `# ${t.reportTitle(r.asOf)}` : t.reportTitle(r.asOf), ''];
  for (const [title, list] of [
    [t.findingsTitle(r.findings.length), r.findings],
    [t.warningsTitle(r.warnings.length), r.warnings],
  ] as const) {
    out.push(md ? `## ${title}` : title);
    if (md) out.push('');
    if (!list.length) out.push(`${md ? '' : '  '}${t.none}`);
    for (const f of list) out.push(item(f));
    out.push('');
  }
  return out.join('\n');
}

describe('the check report in pieces', () => {
  it('the JSON pieces are JSON.stringify of reportJson, each but the last ending a line', () => {
    fc.assert(
      fc.property(report, (r) => {
        const pieces = [...reportJsonPieces(r)];
        expect(pieces.join('')).toBe(JSON.stringify(reportJson(r), null, 2));
        pieces.slice(0, -1).forEach((p) => expect(p.endsWith('\n')).toBe(true));
        expect(pieces.at(-1)!.endsWith('}')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('the text and Markdown pieces are whole lines, and make the report line for line', () => {
    fc.assert(
      fc.property(report, fc.constantFrom('text' as const, 'md' as const), (r, format) => {
        const pieces = [...reportPieces(r, format)];
        pieces.forEach((p) => expect(p.endsWith('\n')).toBe(true));
        const text = pieces.join('');
        expect(text).toBe(renderReport(r, format));
        // the findings and warnings sections as the whole-array code made them; then input errors, notes, the summary
        expect(text.startsWith(wholeReport(r, format) + '\n')).toBe(true);
        expect(text.endsWith(summaryLine(r) + '\n')).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("a province's 200,000 findings are rendered (a spread of them as arguments overflowed the stack)", () => {
    const f: Finding = { check: 'deadlines', severity: 'finding', code: 'check.deadline.late', subject: '省人社罚〔2026〕1号', params: { kind: '行政处罚', decided_on: '2026-01-05', deadline: '2026-02-02', published_on: '2026-02-10', revoked_on: null, withdrawn_on: null, working_days: 5, basis: '国办发〔2018〕118号' }, file: 'd.csv', line: 2 };
    const r: Report = { asOf: '2026-11-21', results: [], findings: new Array<Finding>(200_000).fill(f), warnings: [], notes: [], inputErrors: [] };
    let lines = 0;
    for (const p of reportPieces(r, 'text')) lines += p.split('\n').length - 1;
    // title, blank, heading, 200,000 items, blank, heading, "none", blank, summary
    expect(lines).toBe(200_000 + 8);
  });
});

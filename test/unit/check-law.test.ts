import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/io/calendar.js';
import { loadDisclosureRules } from '../../src/io/compliance.js';
import { annualHowText, findingText } from '../../src/ui/report/index.js';
import { checkAnnualReport, checkCases, decisionDeadlines, parseAnnualRule, type CaseRecord } from '../../src/core/check/index.js';
import { CASE_SPEC } from '../../src/core/check/cases-spec.js';
import type { Decision } from '../../src/core/records.js';
import type { Problem } from '../../src/errors.js';
import { parseYamlText } from '../../src/io/yaml.js';

const cal = await loadCalendar();

describe('deadlines cite the law they come from, and only for what it covers', () => {
  it('劳动保障监察条例 第十七条 limits the investigation: the register column says 调查终结日期', () => {
    expect(CASE_SPEC.columns.find((c) => c.key === 'closed_on')).toMatchObject({ zh: '调查终结日期' });
    const late: CaseRecord = { caseNo: 'A1', openedOn: '2026-03-02', extended: false, closedOn: '2026-06-30', referredOn: null, line: 2 };
    const msg = findingText(checkCases([late], cal, '2026-11-21', 5).findings[0]!);
    expect(msg).toContain('调查应在 60 个工作日内');
    expect(msg).toContain('调查终结');
    expect(msg).not.toContain('结案');
  });

  it('国办发〔2018〕118号 1月31日 is a fixed date: publishing 2025 data on 2026-02-02 is late', () => {
    const problems: Problem[] = [];
    const src = parseYamlText('{}', 'c.yaml');
    const rule = parseAnnualRule(src.data, src.problem, ['annual_report'], problems);
    const r = checkAnnualReport(cal, 2025, rule, '2026-11-21', '2026-02-02', 5);
    expect(r.findings).toHaveLength(1);
    expect(annualHowText(r.deadline.how)).toContain('固定日期不因休息日顺延');
    expect(checkAnnualReport(cal, 2025, rule, '2026-11-21', '2026-01-31', 5).findings).toHaveLength(0);
  });

  it('withdrawal: 行政处罚法 第48条 only for penalty decisions (with 确认无效); other kinds cite the office rule', async () => {
    const rules = await loadDisclosureRules();
    const d = (kind: Decision['kind']): Decision => ({ caseNo: kind, kind, decidedOn: '2026-03-02', publishedOn: '2026-03-03', revokedOn: '2026-04-01', withdrawnOn: null, fine: null, line: 2, extra: [] });
    const rows = decisionDeadlines([d('行政处罚'), d('行政许可'), d('行政处理')], rules, cal, '2026-11-21', 5);
    const basis = (k: string) => rows.find((r) => r.kind === k)!.basis;
    expect(basis('行政处罚')).toContain('第48条');
    expect(basis('行政处罚')).toContain('确认无效');
    for (const k of ['行政许可', '行政处理']) {
      expect(basis(k)).not.toContain('第48条');
      expect(basis(k)).toContain('本单位');
    }
  });
});

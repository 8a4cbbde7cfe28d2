import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

const D = ['--fact', 'decision_date=2026-01-05'];
const json = async (args: string[]) => {
  const r = await runMain(['penalty', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe('penalty', () => {
  it('prints level, band with its formula, measures, basis, reasons, review flags and version', async () => {
    const r = await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=12', ...D]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('裁量阶次：较重');
    expect(r.stdout).toContain('12人 × 200–350元 = 2,400–4,200元');
    expect(r.stdout).toContain('警告、责令限期改正');
    expect(r.stdout).toContain('《劳动保障监察条例》第二十五条');
    expect(r.stdout).toContain('受侵害的劳动者人数：12人（不少于 10人）');
    expect(r.stdout).toContain('规则版本：2004');
    expect(r.stdout).toContain('双审核：否（未适用减轻或从重）');
    // each flag names the rule that set it
    expect(r.stdout).toContain('告知听证权利：否（罚款幅度上限 4,200元 < 单位标准 20,000元，review.yaml hearing）');
  });

  it('--json has the documented fields, money in yuan', async () => {
    const j = await json(['--rule', 'wage-arrears', '--fact', 'amount_owed=50,000.01', '--fact', 'workers=1', '--fact', 'order_ignored=是', ...D]);
    // one worker, no 3-month amount given: referral cannot be judged (null, never false), so legal review
    expect(j).toMatchObject({ rule: 'wage-arrears', version: '2008', punishable: true, level: '较重', band: { min: 35000.01, max: 45000 }, review: { dual: false, legal: true, hearing: false }, criminal_referral: null });
    expect(j.flags.criminal_referral).toMatchObject({ value: null, missing: ['max_owed_3m_to_one'] });
    expect(j.flags.criminal_referral.reason).toMatch(/^无法判断：未填写 被拖欠三个月以上劳动报酬的劳动者中单人最高被拖欠数额（max_owed_3m_to_one）/);
    expect(Array.isArray(j.measures) && Array.isArray(j.basis) && Array.isArray(j.reasons)).toBe(true);
  });

  it('limitation: 不再处罚, with the reason', async () => {
    const r = await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'act_date=2022-01-01', '--fact', 'discovered_date=2024-01-02', '--fact', 'decision_date=2024-03-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('不再给予行政处罚（超过追责时效）');
    expect(r.stdout).toContain('违法行为发生于 2022-01-01，至 2024-01-02 才被发现或者投诉举报，已超过 2 年追责时效');
    const j = await json(['--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'act_date=2022-01-01', '--fact', 'discovered_date=2024-01-02', '--fact', 'decision_date=2024-03-01']);
    expect(j).toMatchObject({ punishable: false, barred: true, band: null });
  });

  it('首违不罚 is "may": the band is still shown unless the office lists the rule', async () => {
    const j = await json(['--rule', 'overtime', '--fact', 'affected_workers=3', '--fact', 'first_offense=是', '--fact', 'harm=minor', '--fact', 'corrected_in_time=是', ...D]);
    expect(j).toMatchObject({ punishable: true, exemption: 'may', band: { min: 300, max: 600 } });
    expect(j.outcome).toContain('可以不予处罚（须经集体讨论或列入本单位首违不罚清单）');
  });

  it('从旧兼从轻: the old, lighter version applies and the reason says so', async () => {
    const j = await json(['--rule', 'dispatch-violation', '--fact', 'dispatched_workers=10', '--fact', 'order_ignored=是', '--fact', 'harm=serious', '--fact', 'act_date=2013-05-01', '--fact', 'discovered_date=2013-12-01', '--fact', 'decision_date=2014-03-01']);
    expect(j).toMatchObject({ version: '实施条例2008', band: { min: 10000, max: 50000 } });
    expect(j.reasons[0]).toContain('从旧兼从轻');
    const n = await json(['--rule', 'dispatch-violation', '--fact', 'dispatched_workers=10', '--fact', 'order_ignored=否', '--fact', 'harm=serious', '--fact', 'act_date=2013-05-01', '--fact', 'discovered_date=2013-12-01', '--fact', 'decision_date=2014-03-01']);
    expect(n).toMatchObject({ version: '劳动合同法2013', punishable: false });
    expect(n.reasons[0]).toContain('新规定处罚较轻');
  });

  it('review flags: dual (从重, 减轻), legal (amount, hearing held), hearing (organisation and individual thresholds)', async () => {
    expect((await json(['--rule', 'overtime', '--fact', 'affected_workers=12', '--fact', 'aggravating=是', ...D])).review.dual).toBe(true);
    expect(await json(['--rule', 'overtime', '--fact', 'affected_workers=12', '--fact', 'mitigation=reduced', ...D])).toMatchObject({ adjustment: 'reduced', band: { min: 0, max: 1200, max_exclusive: true }, review: { dual: true } });
    expect((await json(['--rule', 'overtime', '--fact', 'affected_workers=60', ...D])).review).toEqual({ dual: false, legal: true, hearing: true });
    expect((await json(['--rule', 'overtime', '--fact', 'affected_workers=2', '--fact', 'hearing_held=是', ...D])).review).toEqual({ dual: false, legal: true, hearing: false });
    expect((await json(['--rule', 'overtime', '--fact', 'affected_workers=12', ...D])).review.hearing).toBe(false);
    expect((await json(['--rule', 'overtime', '--fact', 'affected_workers=12', '--individual', ...D])).review.hearing).toBe(true);
  });

  it('criminal referral for wage arrears over the threshold after an ignored order', async () => {
    const r = await runMain(['penalty', '--rule', 'wage-arrears', '--fact', 'amount_owed=30000', '--fact', 'workers=10', '--fact', 'order_ignored=是', ...D]);
    expect(r.stdout).toContain('涉嫌犯罪移送：是，涉嫌犯罪，应移送公安机关');
    expect((await json(['--rule', 'wage-arrears', '--fact', 'amount_owed=30000', '--fact', 'workers=10', '--fact', 'order_ignored=否', ...D])).criminal_referral).toBe(false);
    expect((await json(['--rule', 'wage-arrears', '--fact', 'amount_owed=29999.99', '--fact', 'workers=10', '--fact', 'max_owed_3m_to_one=0', '--fact', 'order_ignored=是', ...D])).criminal_referral).toBe(false);
  });

  it('si-contribution computes the late fee from the dates', async () => {
    expect((await json(['--rule', 'si-contribution', '--fact', 'arrears=10000', '--fact', 'due_date=2025-01-15', '--fact', 'paid_date=2025-03-16', '--fact', 'order_ignored=是', '--fact', 'decision_date=2025-06-01'])).late_fee).toBe(300);
  });

  it('bad input is exit 2 with what was expected', async () => {
    const unknown = await runMain(['penalty', '--rule', 'overtim', '--fact', 'affected_workers=1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('是否想输入：overtime');
    const facts = await runMain(['penalty', '--rule', 'overtime', '--fact', 'workers=3', '--fact', 'act_date=2026-02-01', ...D]);
    expect(facts.code).toBe(2);
    expect(facts.stderr).toContain('本规则没有事实“workers”（是否想输入：affected_workers？）');
    expect(facts.stderr).toContain('缺少必填事实 affected_workers');
    expect(facts.stderr).toContain('违法行为发生日期晚于处罚决定日期 2026-01-05');
    const type = await runMain(['penalty', '--rule', 'overtime', '--fact', 'affected_workers=十二', ...D]);
    expect(type.code).toBe(2);
    expect(type.stderr).toContain('应为非负整数');
    expect(type.stderr).not.toContain('at ');
    expect((await runMain(['penalty'])).code).toBe(2);
  });

  it('--case reads a YAML case and locates bad facts by line', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ok.yaml'), 'rule: special-protection\nparty: individual\nfacts:\n  affected_workers: 5\n  decision_date: 2026-01-05\n');
    const ok = await runMain(['penalty', '--case', path.join(dir, 'ok.yaml'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ party: 'individual', level: '较重', band: { min: 10000, max: 17500 } });
    writeFileSync(path.join(dir, 'bad.yaml'), 'rule: special-protection\nfacts:\n  decision_date: 2026-01-05\n  affected_workers: many\n');
    const bad = await runMain(['penalty', '--case', path.join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml:4');
  });

  it('--batch: a bad row carries its error and does not stop the others; summary at the end', async () => {
    const dir = tempDir();
    const input = path.join(dir, 'cases.csv');
    writeFileSync(input, 'rule,affected_workers,amount_owed,workers,order_ignored,item,decision_date,编号\novertime,12,,,,,2026-01-05,A1\nnope,1,,,,,2026-01-05,A2\nwage-arrears,,"=1+1",3,是,,2026-01-05,A3\nwage-arrears,,30000,10,是,,2026-01-05,A4\nobstruction,,,,,4,2026-01-05,A5\n');
    const out = path.join(dir, 'results.csv');
    const r = await runMain(['penalty', '--batch', input, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('共 5 行：计算成功 3 行，出错 2 行');
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toContain('处理结果,裁量阶次,调整,罚款下限（元）,罚款上限（元）,加付赔偿金下限（元）,加付赔偿金上限（元）');
    expect(lines[0]).toContain('法律依据,依据待核对,裁量理由,双审核,法制审核,告知听证,涉嫌犯罪移送');
    expect(lines[1]).toContain('A1,成功,2004,可以并处罚款（是否罚款由承办人裁量）,较重,,2400,4200,,,');
    expect(lines[1]).toContain('《劳动保障监察条例》第二十五条');
    expect(lines[1]).toContain('否（罚款幅度上限 4,200元 < 单位标准 20,000元，review.yaml hearing）');
    expect(lines[2]).toContain('出错');
    expect(lines[2]).toContain('没有规则“nope”');
    expect(lines[3]).toContain("'=1+1");
    // 加付赔偿金 in its own columns, never as 罚款
    expect(lines[4]).toContain('A4,成功,2008,责令加付赔偿金（行政处理，不是罚款）,较重,,,,21000,27000,');
    expect(lines[4]).toMatch(/A4,成功,.*,是，涉嫌犯罪，应移送公安机关（[^,]*）,$/);
    // 无罚款 says what the action is
    expect(lines[5]).toContain('A5,成功,2004,依法不罚款；处理：责令改正、构成违反治安管理行为的移送公安机关,');
    expect((await runMain(['penalty', '--batch', input, '--out', out])).code).toBe(2);
  });

  it('--interactive refuses without a terminal', async () => {
    const r = await runMain(['penalty', '--interactive']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--interactive 需要在终端中交互运行');
  });

  it('English messages with --lang en', async () => {
    const r = await runMain(['penalty', '--rule', 'overtim', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('overtime');
    expect(r.stderr).toMatch(/no rule/i);
  });
});

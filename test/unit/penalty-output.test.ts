import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { main } from '../../src/main.js';

/** The command in-process (no spawn): the words a reviewer reads, exit code included. */
async function penalty(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } });
  const code = await main(['node', 'shuangsui', 'penalty', ...args, '--fact', 'decision_date=2026-01-05'], { stdout: sink, stderr: sink, stdinIsTTY: false, env: { NO_COLOR: '1', LANG: 'zh_CN.UTF-8' } });
  return { code, out };
}

describe('plain-text penalty advice a reviewer can sign', () => {
  it('each flag names the rule that set it: 法制审核：是（拟罚款 60,000元 ≥ 30,000元，review.yaml）', async () => {
    const r = await penalty(['--rule', 'overtime', '--fact', 'affected_workers=200', '--fact', 'proposed_fine=60000']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('法制审核：是（拟罚款 60,000元 ≥ 单位标准 30,000元，review.yaml legal_review）');
    expect(r.out).toContain('告知听证权利：是（拟罚款 60,000元 ≥ 单位标准 20,000元，review.yaml hearing）');
  });

  it('the issue\'s obstruction case: no 不予处罚 without 轻微, and no claim that it was minor', async () => {
    const r = await penalty(['--rule', 'obstruction', '--fact', 'item=1', '--fact', 'first_offense=是', '--fact', 'harm=none', '--fact', 'corrected_in_time=是']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('不予行政处罚（行政处罚法第三十三条第一款）');
    expect(r.out).not.toContain('违法行为轻微、');
    expect(r.out).toContain('处理结果：可以不予处罚（须经集体讨论或列入本单位首违不罚清单）');
    expect(r.out).toContain('罚款幅度：2,000–10,000元');
    expect(r.out).toContain('未填写 违法行为轻微（minor）');
  });

  it('referral that turns on a missing fact says 无法判断：未填写 …, never 否', async () => {
    const r = await penalty(['--rule', 'wage-arrears', '--fact', 'amount_owed=29999.99', '--fact', 'workers=10', '--fact', 'order_ignored=是']);
    expect(r.out).toContain('涉嫌犯罪移送：无法判断：未填写 被拖欠三个月以上劳动报酬的劳动者中单人最高被拖欠数额（max_owed_3m_to_one）');
    expect(r.out).not.toContain('涉嫌犯罪移送：否');
    // and the case goes to legal review (review.yaml legal_review.if_referral_undetermined)
    expect(r.out).toContain('法制审核：是（涉嫌犯罪移送无法判断（review.yaml legal_review.if_referral_undetermined）');
  });

  it('a measure that turns on a missing fact is shown as possible, and the hearing flag cannot be judged', async () => {
    const r = await penalty(['--rule', 'dispatch-violation', '--fact', 'dispatched_workers=2', '--fact', 'order_ignored=是']);
    expect(r.out).toContain('可能的措施：吊销劳务派遣业务经营许可证（无法判断：未填写 当事人身份（dispatcher_role））');
    expect(r.out).toContain('告知听证权利：无法判断：');
  });

  it('employer-false-ad under the 条例 says 依据待核对', async () => {
    const r = await penalty(['--rule', 'employer-false-ad', '--fact', 'order_ignored=是']);
    expect(r.out).toContain('依据待核对：');
  });
});

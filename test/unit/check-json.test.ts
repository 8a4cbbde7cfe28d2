import { describe, expect, it } from 'vitest';
import { runMain } from '../support/main.js';

/**
 * `check all --json` is for scripts (issue 15): the same codes and params whatever --lang, the
 * message in the language asked for, and a format number to check before reading.
 */
describe('check all --json', () => {
  it('carries format 1, and per finding a stable code and params beside the message in the language of the run', async () => {
    const [zh, en] = await Promise.all([runMain(['check', 'all', '--demo', '--json']), runMain(['check', 'all', '--demo', '--json', '--lang', 'en'])]);
    expect(zh.code).toBe(1);
    const a = JSON.parse(zh.stdout);
    const b = JSON.parse(en.stdout);
    expect(a.format).toBe(1);
    expect(b.format).toBe(1);
    const all = (j: { findings: unknown[]; warnings: unknown[] }) => [...j.findings, ...j.warnings] as { code: string; params: object; message: string; subject: string; subject_code?: string }[];
    expect(all(a).length).toBeGreaterThan(10);
    expect(all(a).map((f) => [f.code, f.params, f.subject_code])).toEqual(all(b).map((f) => [f.code, f.params, f.subject_code]));
    for (const f of all(a)) expect(f.code).toMatch(/^check\.[a-z_]+(\.[a-z_]+)+$/);
    const codes = new Set(all(a).map((f) => f.code));
    for (const c of ['check.deadline.overdue', 'check.roster.cert.expired', 'check.case.overdue']) expect(codes).toContain(c);
    // the message is words, never the code; English has no Chinese of its own beyond the data it quotes
    expect(all(a).every((f) => f.message.length > 0 && !f.message.includes(f.code))).toBe(true);
    const overdue = all(b).find((f) => f.code === 'check.case.overdue')!;
    expect(overdue.message).toMatch(/^filed \d{4}-\d{2}-\d{2}, investigation to be completed within/);
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../support/cli.js';

describe('check deadlines --demo with bad input', () => {
  it('is refused before any temporary folder is made', async () => {
    const tmp = tempDir();
    const bad = path.join(tempDir(), 'decisions.csv');
    writeFileSync(bad, '案号,决定类型,决定日期\nA1,行政处罚,2026-02-30\n');
    const r = await runCli(['check', 'deadlines', '--demo', '--decisions', bad], { env: { TMPDIR: tmp } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2`);
    expect(readdirSync(tmp)).toEqual([]);
    const ok = await runCli(['check', 'deadlines', '--demo'], { env: { TMPDIR: tmp } });
    expect(ok.code).toBe(1);
    expect(readdirSync(tmp).filter((d) => d.startsWith('shuangsui-check-'))).toHaveLength(1);
  });
});

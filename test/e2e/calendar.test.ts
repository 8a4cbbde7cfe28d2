import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

describe('shuangsui calendar', () => {
  it('add: the known answers', async () => {
    const a = await runMain(['calendar', 'add', '2025-09-30', '7']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('2025-10-16');
    const b = await runMain(['calendar', 'add', '2026年2月12日', '7', '--json']);
    expect(JSON.parse(b.stdout)).toMatchObject({ format: 1, start: '2026-02-12', result: '2026-02-28', weekday: 6 });
    expect((await runMain(['calendar', 'add', '2025/1/24', '7'])).stdout).toContain('2025-02-10');
  });

  it('refuses 2027 with exit 2, naming the year and how to add it, until a 2027 file is given', async () => {
    const r = await runMain(['calendar', 'add', '2026-12-28', '7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2027');
    expect(r.stderr).toContain('rules/calendar/2027.yaml');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.stdout).toBe('');

    const dir = tempDir();
    const file = path.join(dir, '2027.yaml');
    writeFileSync(file, 'kind: national\nyear: 2027\nholidays:\n  - name: 元旦\n    off: 2027-01-01\n');
    const ok = await runMain(['calendar', 'add', '2026-12-28', '7', '--calendar', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('2027-01-07');
  });

  it('the 新疆 overlay moves a deadline across 2026-03-20 and says it is provisional', async () => {
    expect((await runMain(['calendar', 'add', '2026-03-12', '7'])).stdout).toContain('2026-03-23');
    const xj = await runMain(['calendar', 'add', '2026-03-12', '7', '--region', 'xinjiang']);
    expect(xj.stdout).toContain('2026-03-24');
    expect(xj.stderr).toContain('暂定');
    const bad = await runMain(['calendar', 'add', '2026-03-12', '7', '--region', 'xizang']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('xinjiang');
  });

  it('count and show', async () => {
    expect((await runMain(['calendar', 'count', '2025-09-30', '2025-10-16'])).stdout).toContain('7 个工作日');
    // reversed ends are a usage error, not a negative count whose wording swaps which end is counted
    const reversed = await runMain(['calendar', 'count', '2025-10-16', '2025-09-30']);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('起始日 2025-10-16 晚于终止日 2025-09-30');
    expect(reversed.stdout).toBe('');
    const show = await runMain(['calendar', 'show', '2025']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('国办发明电〔2024〕12号');
    expect(show.stdout).toMatch(/2025-01-28\s+星期二\s+放假\s+春节/);
    expect(show.stdout).toMatch(/2025-01-26\s+星期日\s+调休上班/);
    expect((await runMain(['calendar', 'show', '2027'])).code).toBe(2);
  });

  it('bad arguments are usage errors in the chosen language', async () => {
    const r = await runMain(['calendar', 'add', '2026-02-30', '7']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2026-02-30');
    const en = await runMain(['calendar', 'add', '2026-02-12', 'x', '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('number of working days');
  });

  it('a broken office calendar file is reported by file:line and key', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'county.yaml');
    writeFileSync(file, 'kind: overlay\nname: 某县\nyears:\n  2026:\n    holidays:\n      - name: 某节\n        off: 2026-13-01\n');
    const r = await runMain(['calendar', 'add', '2026-03-12', '7', '--calendar', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:7`);
    expect(r.stderr).toContain('years[2026].holidays[0].off');
  });
});

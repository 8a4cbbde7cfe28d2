import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { FIXTURES, tempDir } from '../support/cli.js';
import { runMain } from '../support/main.js';

// The data layer seen from the outside: what an office's exported spreadsheets do to a real command.
const drawArgs = (employers: string, inspectors: string) => [
  'draw',
  '--employers', employers,
  '--inspectors', inspectors,
  '--plan', path.join(FIXTURES, 'plan.yaml'),
  '--period', '2026H2',
  '--seed', 'data-layer-e2e',
  '--as-of', '2026-07-01',
  '--dry-run',
  '--json',
];

function utf8Text(file: string): string {
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

describe('directory and roster files as offices export them', () => {
  it('draws the same list from GBK exports (Excel/WPS on Chinese Windows) as from UTF-8', async () => {
    const dir = tempDir();
    const employers = path.join(dir, 'employers-gbk.csv');
    const inspectors = path.join(dir, 'inspectors-gbk.csv');
    writeFileSync(employers, iconv.encode(utf8Text(path.join(FIXTURES, 'employers.csv')), 'gbk'));
    writeFileSync(inspectors, iconv.encode(utf8Text(path.join(FIXTURES, 'inspectors.csv')), 'gbk'));
    const fromUtf8 = await runMain(drawArgs(path.join(FIXTURES, 'employers.csv'), path.join(FIXTURES, 'inspectors.csv')));
    const fromGbk = await runMain(drawArgs(employers, inspectors));
    expect(fromUtf8.code, fromUtf8.stderr).toBe(0);
    expect(fromGbk.code, fromGbk.stderr).toBe(0);
    const a = JSON.parse(fromUtf8.stdout);
    const b = JSON.parse(fromGbk.stdout);
    expect(b.drawn).toEqual(a.drawn);
    expect(b.counts).toEqual(a.counts);
    expect(JSON.stringify(b)).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(b)).not.toContain('\uFFFD');
  });

  it('refuses a directory with bad and duplicate codes, listing every one with its line, and exits 2', async () => {
    const lines = utf8Text(path.join(FIXTURES, 'employers.csv')).split(/\r?\n/);
    const cells = (i: number) => lines[i]!.split(',');
    const badCheck = cells(1);
    badCheck[0] = badCheck[0]!.slice(0, 17) + (badCheck[0]!.endsWith('0') ? '1' : '0');
    const duplicate = cells(3);
    duplicate[0] = cells(2)[0]!;
    const broken = [lines[0], badCheck.join(','), lines[2], duplicate.join(','), ...lines.slice(4)].join('\n');
    const file = path.join(tempDir(), 'employers.csv');
    writeFileSync(file, broken);
    const r = await runMain(drawArgs(file, path.join(FIXTURES, 'inspectors.csv')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2`);
    expect(r.stderr).toContain(`${file}:4`);
    expect(r.stderr).toContain('校验码');
    expect(r.stderr).toContain('与第 3 行重复');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing required column and the headers found', async () => {
    const file = path.join(tempDir(), 'inspectors.csv');
    writeFileSync(file, '工号,姓名,科室\nQH001,张三,监察一科\n');
    const r = await runMain(drawArgs(path.join(FIXTURES, 'employers.csv'), file));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('执法证号');
    expect(r.stderr).toContain('工号、姓名、科室');
  });

  it('reads English headers as well as Chinese ones', async () => {
    const dir = tempDir();
    const zh = utf8Text(path.join(FIXTURES, 'inspectors.csv')).split(/\r?\n/);
    const en = ['id,name,unit,cert_no,cert_expiry,specialties,region,status,recusals,phone', ...zh.slice(1)].join('\n');
    expect(zh[0]).toBe('工号,姓名,科室,执法证号,执法证有效期至,专业领域,所属区域,状态,回避单位,联系电话');
    writeFileSync(path.join(dir, 'inspectors.csv'), en);
    const a = await runMain(drawArgs(path.join(FIXTURES, 'employers.csv'), path.join(FIXTURES, 'inspectors.csv')));
    const b = await runMain(drawArgs(path.join(FIXTURES, 'employers.csv'), path.join(dir, 'inspectors.csv')));
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).workload).toEqual(JSON.parse(a.stdout).workload);
  });

  it('a missing input file is exit 2 naming it, never a fallback to demo data', async () => {
    const r = await runMain(drawArgs('/nonexistent/employers.csv', path.join(FIXTURES, 'inspectors.csv')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/employers.csv');
    expect(existsSync('/nonexistent')).toBe(false);
  });
});

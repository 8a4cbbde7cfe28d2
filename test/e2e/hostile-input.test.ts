import { promises as fsp, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runMain } from '../support/main.js';
import { FIXTURES, runCli, tempDir } from '../support/cli.js';
import { employersCsv, inspectorsCsv, PLAN_YAML, uscc, writeInputs, type DrawFiles } from './draw-data.js';

/**
 * One damaged or hostile file per class of issue 9, each through the command a person would run,
 * asserting the exit code and the located message (file:line, and the column, key or value).
 * Most run in-process through main(); a representative handful spawn the built binary.
 */

const run = (args: string[], cwd?: string) => runMain(args, { cwd, now: new Date('2026-03-01T02:00:00Z') });

const drawArgs = (f: DrawFiles, ...more: string[]) => ['draw', '--employers', f.employers, '--inspectors', f.inspectors, '--plan', f.plan, '--period', '2026H1', '--as-of', '2026-03-01', '--seed', 's', '--dry-run', ...more];

/** The small office of draw-data.ts, with one file replaced. Employer i is on line i + 2; so is inspector i. */
function office(replace: { employers?: string | Buffer; inspectors?: string | Buffer; plan?: string } = {}): DrawFiles {
  const f = writeInputs(tempDir('shuangsui-hostile-'));
  if (replace.employers !== undefined) writeFileSync(f.employers, replace.employers);
  if (replace.inspectors !== undefined) writeFileSync(f.inspectors, replace.inspectors);
  if (replace.plan !== undefined) writeFileSync(f.plan, replace.plan);
  return f;
}

/** The employers CSV with the cell of employer `row` in `column` (0-based) replaced; rows 0, 5, 10… hold a quoted comma: avoid them. */
function employersWith(row: number, column: number, value: string): string {
  const lines = employersCsv().split('\n');
  const cells = lines[row + 1]!.split(',');
  cells[column] = value;
  lines[row + 1] = cells.join(',');
  return lines.join('\n');
}

function inspectorsWith(row: number, column: number, value: string): string {
  const lines = inspectorsCsv().split('\n');
  const cells = lines[row + 1]!.split(',');
  cells[column] = value;
  lines[row + 1] = cells.join(',');
  return lines.join('\n');
}

afterEach(() => {
  vi.restoreAllMocks();
});

interface Case {
  name: string;
  files: () => DrawFiles;
  extra?: string[];
  code: number;
  /** every string must appear in stderr */
  says: (f: DrawFiles) => string[];
  never?: string[];
}

const CASES: Case[] = [
  // ---- control characters and ANSI escapes
  {
    name: 'NUL in a directory cell',
    files: () => office({ employers: employersWith(4, 1, '清河\u0000公司') }),
    code: 2,
    says: (f) => [`${f.employers}:6`, '列 “单位名称”', '\\x00', '控制字符'],
  },
  {
    name: 'an ANSI escape sequence in a cell is shown escaped, never sent raw',
    files: () => office({ employers: employersWith(2, 1, '\u001b[31m红色\u001b[0m') }),
    code: 2,
    says: (f) => [`${f.employers}:4`, '\\x1b[31m'],
    never: ['\u001b'],
  },
  // ---- Excel damage
  {
    name: 'certificate number in scientific notation',
    files: () => office({ inspectors: inspectorsWith(3, 2, '6.50400E+13') }),
    code: 2,
    says: (f) => [`${f.inspectors}:5`, '列 “执法证号”', '6.50400E+13', '科学计数法', '文本'],
  },
  {
    name: 'certificate number with a trailing .0',
    files: () => office({ inspectors: inspectorsWith(1, 2, '350100200002.0') }),
    code: 2,
    says: (f) => [`${f.inspectors}:3`, '末尾多了“.0”'],
  },
  {
    name: 'certificate number that is not digits and letters',
    files: () => office({ inspectors: inspectorsWith(1, 2, '3501-0020') }),
    code: 2,
    says: (f) => [`${f.inspectors}:3`, '只能由数字和字母组成', 'cert_no_pattern'],
  },
  {
    name: 'a leading apostrophe on a code column is stripped with a warning',
    files: () => office({ inspectors: inspectorsWith(1, 2, "'350100200002") }),
    code: 0,
    says: (f) => [`${f.inspectors}:3`, '英文单引号', '350100200002'],
  },
  {
    name: 'USCC in scientific notation is named as Excel damage, not as a length',
    files: () => office({ employers: employersWith(3, 0, '9.16540E+17') }),
    code: 2,
    says: (f) => [`${f.employers}:5`, '9.16540E+17', '科学计数法'],
    never: ['实为 11 位'],
  },
  // ---- formats and encodings
  {
    name: 'a file that is not a table names its format',
    files: () => office({ employers: employersCsv().replace(/"备注,含逗号"/g, '备注').replace(/,/g, '|') }),
    code: 2,
    says: (f) => [`${f.employers}:1`, '看起来不是 CSV 表格', 'UTF-8', '逗号'],
    never: ['缺少必需的列'],
  },
  {
    name: 'UTF-8 with one GBK row points to the line and byte',
    files: () => {
      const lines = employersCsv().split('\n');
      const bytes = Buffer.concat([Buffer.from(lines.slice(0, 7).join('\n') + '\n'), iconv.encode(lines[7]! + '\n', 'gbk'), Buffer.from(lines.slice(8).join('\n'))]);
      return office({ employers: bytes });
    },
    code: 2,
    says: (f) => [`${f.employers}:8`, '第 8 行第', '不是有效的 UTF-8', 'GBK'],
    never: ['缺少必需的列'],
  },
  // ---- row shape and syntax positions
  {
    name: 'a row with more cells than the header',
    files: () => office({ employers: employersWith(6, 12, 'x,y') }),
    code: 2,
    says: (f) => [`${f.employers}:8`, '本行有 14 个单元格，表头只有 13 列'],
  },
  {
    name: 'a row with 2 of 13 cells',
    files: () => {
      const lines = employersCsv().split('\n');
      lines[9] = `${uscc(99)},半行单位`;
      return office({ employers: lines.join('\n') });
    },
    code: 2,
    says: (f) => [`${f.employers}:10`, '本行只有 2 个单元格，表头有 13 列'],
  },
  {
    name: '--lenient skips a misshapen row with a warning',
    files: () => office({ employers: employersWith(6, 12, 'x,y') }),
    extra: ['--lenient'],
    code: 0,
    says: (f) => ['--lenient', `${f.employers}:8`],
  },
  {
    name: 'an unclosed quote is reported where it opens, in a CRLF file after quoted CRLFs',
    files: () => {
      const lines = employersCsv().trimEnd().split('\n');
      lines[3] = lines[3]!.replace(/测试单位\d+有限公司/, '"两行\r\n名称"');
      lines[6] = lines[6]!.replace(/测试单位\d+有限公司/, '"未闭合的名称');
      return office({ employers: lines.join('\r\n') + '\r\n' });
    },
    code: 2,
    says: (f) => [`${f.employers}:8`, '第 2 个单元格', '未闭合的名称'],
  },
  {
    name: 'a bad cell after quoted CRLFs is on its editor line',
    files: () => {
      const lines = employersCsv().trimEnd().split('\n');
      lines[2] = lines[2]!.replace(/测试单位\d+有限公司/, '"两行\r\n名称"');
      lines[4] = lines[4]!.replace(/测试单位\d+有限公司/, '"三行\r\n的\r\n名称"');
      lines[10] = lines[10]!.replace(/,企业,/, ',公司,');
      return office({ employers: lines.join('\r\n') + '\r\n' });
    },
    code: 2,
    says: (f) => [`${f.employers}:14`, '列 “单位类型”'],
  },
  // ---- YAML
  {
    name: 'YAML: tab indentation',
    files: () => office({ plan: PLAN_YAML.replace('  size: 2', '\tsize: 2') }),
    code: 2,
    says: (f) => [`${f.plan}:`, '制表符'],
  },
  {
    name: 'YAML: full-width colon',
    files: () => office({ plan: PLAN_YAML.replace('year: 2026', 'year：2026') }),
    code: 2,
    says: (f) => [`${f.plan}:3`, '第 3 行', '全角冒号'],
  },
  {
    name: 'YAML: missing space after the colon',
    files: () => office({ plan: PLAN_YAML.replace('office: ', 'office:') }),
    code: 2,
    says: (f) => [`${f.plan}:2`, '缺少空格'],
  },
  {
    name: 'YAML: a key twice',
    files: () => office({ plan: PLAN_YAML.replace('year: 2026\n', 'year: 2026\nyear: 2027\n') }),
    code: 2,
    says: (f) => [`${f.plan}:4`, '重复的键'],
  },
  {
    name: 'YAML: two documents',
    files: () => office({ plan: PLAN_YAML + '---\nid: other\n' }),
    code: 2,
    says: (f) => [`${f.plan}:`, '多个 YAML 文档'],
  },
  {
    name: 'YAML: implicit key without value',
    files: () => office({ plan: PLAN_YAML.replace('frequency: 2\n', 'frequency: 2\njust some words\nteamx: 1\n') }),
    code: 2,
    says: (f) => [`${f.plan}:5`, 'YAML 语法错误'],
  },
  {
    name: 'YAML: .nan is shown as .nan',
    files: () => office({ plan: PLAN_YAML + 'exclusions:\n  inspected_within_days: .nan\n' }),
    code: 2,
    says: (f) => [`${f.plan}:`, 'exclusions.inspected_within_days', '“.nan”'],
  },
  {
    name: 'YAML: a quoted number is refused with the reason',
    files: () => office({ plan: PLAN_YAML.replace('count: 6', 'count: "6"') }),
    code: 2,
    says: (f) => [`${f.plan}:`, 'tasks[0].size.count', '加了引号'],
  },
  // ---- values that match nothing
  {
    name: 'a filter value joined by a full-width comma matches nothing: exit 2 with the nearest values',
    files: () => office({ plan: PLAN_YAML.replace('full_coverage:', '  - id: T2\n    name: 定向\n    mode: targeted\n    filter: { industry: [建筑业，制造业] }\n    items: [wage]\n    size: { count: 2 }\nfull_coverage:') }),
    code: 2,
    says: (f) => [`${f.plan}:`, 'tasks[1].filter.industry', '建筑业，制造业', '相近的值', '建筑业', '--allow-unmatched'],
  },
  {
    name: '--allow-unmatched makes it a warning',
    files: () => office({ plan: PLAN_YAML.replace('full_coverage:', '  - id: T2\n    name: 定向\n    mode: targeted\n    filter: { region: [城关] }\n    items: [wage]\n    size: { count: 2 }\nfull_coverage:') }),
    extra: ['--allow-unmatched'],
    code: 0,
    says: () => ['警告（--allow-unmatched）', '城关镇'],
  },
  {
    name: 'a blank stratum value is a warning with its count',
    files: () => office({ employers: employersWith(4, 4, '') }),
    code: 0,
    says: () => ['1 家单位的“所属区域”为空'],
  },
];

describe('hostile and Excel-damaged input: exit code and located message (in-process)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const f = c.files();
    const r = await run(drawArgs(f, ...(c.extra ?? [])));
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: c.code });
    for (const s of c.says(f)) expect(r.stderr).toContain(s);
    for (const s of c.never ?? []) expect(r.stderr + r.stdout).not.toContain(s);
  });

  it('Excel "Unicode 文本" (UTF-16LE with BOM, tab-separated) and semicolon files are read as what they are', async () => {
    const tabbed = employersCsv().replace(/"备注,含逗号"/g, '备注,含逗号').replace(/,/g, '\t').replace(/备注\t含逗号/g, '备注,含逗号');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed.replace(/\n/g, '\r\n'), 'utf16le')]);
    const base = await run(drawArgs(office()));
    const a = await run(drawArgs(office({ employers: utf16 })));
    expect(a.code).toBe(0);
    const semi = await run(drawArgs(office({ employers: employersCsv().replace(/"备注,含逗号"/g, '备注,含逗号').replace(/,/g, ';').replace(/备注;含逗号/g, '备注,含逗号') })));
    expect(semi.code).toBe(0);
    // the same employers, so the same draw
    expect(a.stdout).toBe(base.stdout);
    expect(semi.stdout).toBe(base.stdout);
  });

  it('130,000 problems in one file: exit 2, the first 200 and a count, no stack overflow', async () => {
    const lines = [employersCsv().split('\n')[0]!];
    for (let i = 0; i < 130_000; i++) lines.push(`bad${i},单位${i},企业,制造业,城关镇,1,0,否,否,否,,,`);
    const r = await run(drawArgs(office({ employers: lines.join('\n') })));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('另有 129800 处问题未列出');
    expect(r.stderr).not.toContain('Maximum call stack');
  }, 60_000);

  it('140,000 strata (every row its own 所属区域): the draw runs, one count each, no stack overflow', async () => {
    const lines = employersCsv({ employers: 140_000 }).split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      const cells = lines[i]!.split(',');
      cells[4] = `区域${i}`;
      lines[i] = cells.join(',');
    }
    const r = await run(drawArgs(office({ employers: lines.join('\n') }), '--json'));
    expect(r.code, r.stderr).toBe(0);
    const counts = (JSON.parse(r.stdout) as { counts: { task: string }[] }).counts;
    expect(counts.filter((c) => c.task === 'T1')).toHaveLength(140_000 - 1);
  }, 60_000);

  it('EPERM on the ledger folder or its lock is exit 2 naming the path', async () => {
    const eperm = (syscall: string, p: string) => Object.assign(new Error(`EPERM: operation not permitted, ${syscall} '${p}'`), { code: 'EPERM', syscall, path: p });
    for (const [method, hit] of [
      ['mkdir', (p: string) => p.endsWith(`${path.sep}draws`)],
      ['link', (_p: string, to: string) => to.endsWith('.lock')],
    ] as const) {
      const f = office();
      const real = (fsp[method] as (...a: unknown[]) => Promise<unknown>).bind(fsp);
      const spy = vi.spyOn(fsp, method).mockImplementation(((...a: unknown[]) => {
        const [p, to] = [String(a[0]), String(a[1])];
        if ((hit as (p: string, to: string) => boolean)(p, to)) return Promise.reject(eperm(method, method === 'link' ? to : p));
        return real(...a);
      }) as never);
      const args = drawArgs(f).filter((a) => a !== '--dry-run');
      const r = await run([...args, '--out', path.join(f.dir, 'out'), '--ledger', path.join(f.dir, 'draws', 'ledger.jsonl')]);
      expect(spy).toHaveBeenCalled();
      expect(r.code, `${method}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(path.join(f.dir, 'draws'));
      spy.mockRestore();
    }
  });

  it('--out-encoding gbk failures point to --out-encoding', async () => {
    const f = office({ employers: employersCsv().replace('重点监管甲公司', '重点监管😀公司') });
    const args = drawArgs(f).filter((a) => a !== '--dry-run');
    const r = await run([...args, '--out', path.join(f.dir, 'out'), '--ledger', path.join(f.dir, 'ledger.jsonl'), '--out-encoding', 'gbk']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out-encoding');
    expect(r.stderr).not.toMatch(/改用 --encoding/);
  });

  it('check roster names Excel damage in certificate numbers', async () => {
    const f = office({ inspectors: inspectorsWith(0, 2, '6.50400E+13') });
    const r = await run(['check', 'roster', '--inspectors', f.inspectors, '--as-of', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f.inspectors}:2`);
    expect(r.stderr).toContain('科学计数法');
  });

  it('a plan may set its own certificate-number pattern', async () => {
    const f = office({ inspectors: inspectorsWith(1, 2, '闽3501-0020'), plan: PLAN_YAML + "cert_no_pattern: '闽?[0-9]{4}-?[0-9]{4,8}'\n" });
    expect((await run(drawArgs(f))).code).toBe(0);
    const bad = office({ plan: PLAN_YAML + "cert_no_pattern: '[0-9'\n" });
    const r = await run(drawArgs(bad));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cert_no_pattern');
  });

  it('a deadline in a year without a calendar names the file, row and case', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'decisions.csv');
    writeFileSync(file, '案号,决定类型,决定日期,公示日期,撤销日期,撤下日期\r\n清劳监罚〔2026〕1号,行政处罚,2026-03-02,,,\r\n清劳监罚〔2034〕9号,行政处罚,2034-12-25,,,\r\n');
    const r = await run(['check', 'deadlines', '--decisions', file, '--as-of', '2034-12-28']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3`);
    expect(r.stderr).toContain('清劳监罚〔2034〕9号');
    expect(r.stderr).toContain('2034');
  });

  it('messages in English with --lang en', async () => {
    const f = office({ inspectors: inspectorsWith(3, 2, '6.50400E+13') });
    const r = await run([...drawArgs(f), '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f.inspectors}:5`);
    expect(r.stderr).toContain('scientific notation');
  });
});

describe('draw --allow-unmatched records what it let through, and verify checks the record', () => {
  const UNMATCHED_PLAN = PLAN_YAML.replace('full_coverage:', '  - id: T2\n    name: 定向\n    mode: targeted\n    filter: { region: [城关, 东山镇] }\n    items: [wage]\n    size: { count: 2 }\nfull_coverage:');

  it('manifest.json holds read_options.allow_unmatched and the unmatched list; verify passes, and an edited list is exit 1', async () => {
    const f = office({ plan: UNMATCHED_PLAN });
    const official = drawArgs(f, '--allow-unmatched', '--out', 'out').filter((a) => a !== '--dry-run');
    const r = await run(official, f.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('警告（--allow-unmatched）');
    const manifestFile = path.join(f.dir, 'out', 'manifest.json');
    const text = readFileSync(manifestFile, 'utf8');
    const man = JSON.parse(text);
    expect(man.read_options.allow_unmatched).toBe(true);
    // only the value no employer has: 东山镇 exists
    expect(man.unmatched).toEqual([{ path: 'tasks[1].filter.region', value: '城关' }]);

    const ok = await run(['verify', path.join(f.dir, 'out')], f.dir);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);

    // a recorded value that is not what the archived inputs give
    writeFileSync(manifestFile, text.replace('"value": "城关"', '"value": "城关乡"'));
    const edited = await run(['verify', path.join(f.dir, 'out')], f.dir);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toMatch(/unmatched.*应为 tasks\[1\]\.filter\.region=“城关”，记录为 tasks\[1\]\.filter\.region=“城关乡”/);

    // an emptied list hides the warning
    writeFileSync(manifestFile, JSON.stringify({ ...man, unmatched: [] }, null, 2) + '\n');
    expect((await run(['verify', path.join(f.dir, 'out')], f.dir)).code).toBe(1);

    // the list dropped while the flag stays: a mismatch naming the field, not a malformed manifest
    const { unmatched: _dropped, ...withoutList } = man;
    writeFileSync(manifestFile, JSON.stringify(withoutList, null, 2) + '\n');
    const dropped = await run(['verify', path.join(f.dir, 'out')], f.dir);
    expect(dropped.code).toBe(1);
    expect(dropped.stdout).toContain('manifest.json 的 unmatched');

    // and a manifest that says the flag was never given cannot hold unmatched values at all
    const { unmatched: _u, ...rest } = man;
    const { allow_unmatched: _a, ...ro } = man.read_options;
    writeFileSync(manifestFile, JSON.stringify({ ...rest, read_options: ro }, null, 2) + '\n');
    const noFlag = await run(['verify', path.join(f.dir, 'out')], f.dir);
    expect(noFlag.code).toBe(1);
    expect(noFlag.stdout).toContain('没有 read_options.allow_unmatched');
  });

  it('a draw with the flag but nothing unmatched records an empty list; without the flag the manifest has neither key', async () => {
    const f = office();
    const r = await run(drawArgs(f, '--allow-unmatched', '--out', 'out').filter((a) => a !== '--dry-run'), f.dir);
    expect(r.code, r.stderr).toBe(0);
    const man = JSON.parse(readFileSync(path.join(f.dir, 'out', 'manifest.json'), 'utf8'));
    expect(man.unmatched).toEqual([]);
    expect(man.read_options.allow_unmatched).toBe(true);
    const g = office();
    expect((await run(drawArgs(g, '--out', 'out').filter((a) => a !== '--dry-run'), g.dir)).code).toBe(0);
    const plain = JSON.parse(readFileSync(path.join(g.dir, 'out', 'manifest.json'), 'utf8'));
    expect(plain).not.toHaveProperty('unmatched');
    expect(plain.read_options).not.toHaveProperty('allow_unmatched');
  });
});

describe('hostile input through the built binary (representative)', () => {
  it('a lone LF and a formula in a directory cell stay one cell in publication.csv', async () => {
    const f = office({ employers: employersCsv().replace('重点监管甲公司', '"清河县\n=1+1有限公司"') });
    const out = path.join(f.dir, 'out');
    const r = await runCli(['draw', '--employers', f.employers, '--inspectors', f.inspectors, '--plan', f.plan, '--period', '2026H1', '--as-of', '2026-03-01', '--seed', 's', '--out', out, '--ledger', path.join(f.dir, 'ledger.jsonl')]);
    expect(r.code).toBe(0);
    for (const name of ['publication.csv', 'inspection-list.csv']) {
      const rows = parse(readFileSync(path.join(out, name), 'utf8'), { bom: true, relax_column_count: true }) as string[][];
      const width = rows[0]!.length;
      for (const row of rows) {
        expect(row).toHaveLength(width);
        for (const c of row) expect(c).not.toMatch(/^[=+\-@]/);
      }
      expect(rows.flat()).toContain('清河县\n=1+1有限公司');
    }
  });

  it('BOM followed by GBK bytes, an alias bomb and a huge day count are exit 2, never 3', async () => {
    const bomGbk = office({ employers: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(employersCsv(), 'gbk')]) });
    const a = await runCli(drawArgs(bomGbk));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(`${bomGbk.employers}:1`);
    expect(a.stderr).toContain('BOM');

    const layers = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const k of 'bcdefgh') layers.push(`${k}: &${k} [${Array(9).fill(`*${String.fromCharCode(k.charCodeAt(0) - 1)}`).join(',')}]`);
    const bomb = office({ plan: layers.join('\n') + '\n' });
    const started = Date.now();
    const b = await runCli(drawArgs(bomb));
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('别名');
    expect(Date.now() - started).toBeLessThan(20_000);

    const huge = office({ plan: PLAN_YAML + 'exclusions:\n  inspected_within_days: 1000000000\n' });
    const c = await runCli(drawArgs(huge));
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('exclusions.inspected_within_days');
    expect(c.stderr).toContain('1 到 36500');
  });

  it('check all: a bad decisions.csv becomes a section, the other checks run, the report is written, exit 2; a rerun replaces it', async () => {
    const dir = tempDir();
    for (const n of ['inspectors.csv', 'plan.yaml', 'cases.csv', 'ledger-demo.jsonl']) writeFileSync(path.join(dir, n), readFileSync(path.join(FIXTURES, n)));
    const decisions = readFileSync(path.join(FIXTURES, 'decisions.csv'), 'utf8').split(/\r?\n/);
    decisions[3] = decisions[3]!.replace(/,\d{4}-\d{2}-\d{2},/, ',2026-02-30,');
    writeFileSync(path.join(dir, 'decisions.csv'), decisions.join('\n'));
    writeFileSync(path.join(dir, 'compliance.yaml'), readFileSync(path.join(FIXTURES, 'compliance.yaml'), 'utf8'));
    const report = path.join(dir, 'reports', '2026-11.md');
    const args = ['check', 'all', '--config', path.join(dir, 'compliance.yaml'), '--out', report];
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(existsSync(report)).toBe(true);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('输入有误：执法公示检查未能进行');
    expect(md).toContain('decisions.csv:4');
    expect(md).toMatch(/已检查 .*执法证/);
    const again = await runCli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已用本次结果覆盖');
  });

  it('verify on an output that was only re-saved says so (exit 1, never an empty list)', async () => {
    const f = office();
    const out = path.join(f.dir, 'out');
    expect((await runCli(['draw', '--employers', f.employers, '--inspectors', f.inspectors, '--plan', f.plan, '--period', '2026H1', '--as-of', '2026-03-01', '--seed', 's', '--out', out, '--ledger', path.join(f.dir, 'ledger.jsonl')])).code).toBe(0);
    const pub = path.join(out, 'publication.csv');
    const text = readFileSync(pub).subarray(3).toString('utf8');
    writeFileSync(pub, iconv.encode(text.replace(/\r\n/g, '\n'), 'gbk'));
    const r = await runCli(['verify', out]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('内容一致，但编码、换行符被改动');
  });
});

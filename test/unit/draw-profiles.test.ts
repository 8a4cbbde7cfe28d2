import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CellCache } from '../../src/io/directory-bytes.js';
import { readDirectory } from '../../src/io/directory.js';
import { columnsSink } from '../../src/io/draw-inputs.js';
import { TicketWorker } from '../../src/io/ticket-worker.js';
import { EMPLOYER_SPEC, UNIT_TYPES } from '../../src/core/records.js';
import { DirectoryColumns, IN_TASK } from '../../src/core/draw/directory.js';
import { judgedFields } from '../../src/core/draw/employer.js';
import { directoryValues, valuesNoter } from '../../src/core/draw/unmatched.js';
import { drawColumns } from '../../src/core/draw/draw.js';
import type { Plan } from '../../src/core/draw/index.js';
import { employer, input, plan, roster } from './draw.support.js';
import { testUscc } from '../support/usccs.js';

// The draw reads the common directory row without an Employer object (directory-bytes.ts): its cells
// are looked up by their bytes (CellCache), and rows equal in judgedFields(plan) share one judgement
// (DirectoryColumns.profile). Held here to the ordinary path: parseCell per cell, add() per row.

const dir = mkdtempSync(path.join(os.tmpdir(), 'shuangsui-profiles-'));
let fileNo = 0;

describe('CellCache', () => {
  // identity parse: a look-up that answered with another cell's entry would show as other text
  const cell = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.stringMatching(/^[0-9]{1,9}$/),
    fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
    fc.stringMatching(/^[0-9 ./:-]{8,12}$/),
    fc.constantFrom('是', '否', '', ' ', '0', '00', '０', '1', '01', '2025-01-05', '2025-1-5', '\ufeff2025-01-05', '企业', '企业 ', '个体工商户'),
  );
  it('gives every cell the parse of its own text, however many cells and of whatever shape', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 200, maxLength: 400 }), (cells) => {
        const cache = new CellCache((raw) => raw);
        const bytes = cells.map((c) => Buffer.from(c, 'utf8'));
        for (let pass = 0; pass < 2; pass++) for (let k = 0; k < cells.length; k++) if (cache.get(bytes[k]!, 0, bytes[k]!.length) !== cells[k]) expect.fail(`${cells[k]} read as ${String(cache.get(bytes[k]!, 0, bytes[k]!.length))}`);
        // and the same id exactly for the same bytes
        const idOf = new Map<string, number>();
        const textOf = new Map<number, string>();
        bytes.forEach((b, k) => {
          const id = cache.id(b, 0, b.length);
          if ((idOf.get(cells[k]!) ?? id) !== id || (textOf.get(id) ?? cells[k]) !== cells[k]) expect.fail(`${cells[k]}: id ${id}`);
          idOf.set(cells[k]!, id);
          textOf.set(id, cells[k]!);
        });
      }),
      { numRuns: 60 },
    );
  });
});

const byEmployees = plan({
  tasks: [
    { id: 'big', name: '大单位', mode: 'targeted', filter: { employees_min: 100, region: ['城关镇', '东城街道'] }, items: ['wage'], size: { ratio_per_period: 0.5 }, stratify_by: ['industry', 'region'] },
    { id: 'all', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 }, weights: { serious_violation: 3 } },
  ],
  full_coverage: { include_key: true, filter: { abnormal: true }, items: ['contract'] },
  team: { size: 2 },
});
const weighted = plan({
  items: [
    { id: 'wage', name: '工资支付情况', basis: '《劳动保障监察条例》', specialty: '工资支付' },
    { id: 'org', name: '社会组织用工', basis: '《劳动合同法》', specialty: '劳动合同', scope: ['社会团体', '民办非企业单位'] },
  ],
  tasks: [
    { id: 'all', name: '不定向', mode: 'untargeted', items: ['wage'], size: { ratio_per_period: 0.3 }, stratify_by: ['region'], weights: { complaints: { min: 2, factor: 2 }, abnormal: 1.5 } },
    { id: 'org', name: '社会组织', mode: 'targeted', filter: { type: ['社会团体', '民办非企业单位'], complaints_min: 1 }, items: ['org'], size: { count: 2 } },
  ],
  exclusions: { inspected_within_days: 180 },
  team: { size: 2 },
});
const staff = roster(6, () => ({ specialties: ['工资支付', '劳动合同'] }));

const row = fc.record({
  type: fc.constantFrom(...UNIT_TYPES, '', ' 企业'),
  industry: fc.constantFrom('制造业', '建筑业', '', ' 建筑业'),
  region: fc.constantFrom('城关镇', '东城街道', '西城街道', ''),
  employees: fc.constantFrom('', '5', '120', '0120', '1200', '-1'),
  complaints: fc.constantFrom('', '0', '1', '2', '3'),
  abnormal: fc.constantFrom('是', '否', ''),
  serious: fc.constantFrom('是', '否', ''),
  key: fc.constantFrom('是', '否', '否'),
  last: fc.constantFrom('', '', '2025-09-01', '2025-03-01', '2026/1/5'),
  eol: fc.constantFrom('\n', '\r\n'),
});

/** The draw's columns and noted values, as add() and as profiles make them. */
async function columnsOf(file: string, p: Plan, profiled: boolean, worker: boolean, chunkSize: number) {
  const inp = input(p, [], staff, { alreadyDrawn: new Set([testUscc(3), testUscc(40)]) });
  const cols = new DirectoryColumns(inp, 1);
  const values = directoryValues();
  const note = valuesNoter(p);
  const tickets = worker ? new TicketWorker(cols) : null;
  const d = await readDirectory(
    file,
    (e) => {
      note(values, e);
      cols.add(e);
    },
    { lenient: true, chunkSize, extras: false, names: false, profiled: profiled ? columnsSink(cols, p, values, () => {}) : undefined, splitter: tickets?.splitter() },
  );
  tickets?.finish();
  // a row's cell, as its task flags or its (stratum, weight class) pair, and its ticket (u for v1, the key for v2)
  const tasks = cols.tasks.map((t) => ({
    cell: Array.from(t.cell.slice(0, cols.rows), (c) => (c < IN_TASK ? c : [t.pairStratum[c - IN_TASK], t.pairWeight[c - IN_TASK]])),
    u: t.u.slice(0, cols.rows),
    key: t.key.slice(0, cols.rows),
    names: t.names,
    weights: t.weights,
  }));
  return { rows: cols.rows, flags: cols.flags.slice(0, cols.rows), tasks, values, draw: drawColumns(inp, cols, d.fetch) };
}

describe('the draw columns of profiled rows', () => {
  it('equal those add() makes row by row: flags, strata, weights, tickets, noted values and the draw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 30, maxLength: 120 }), fc.constantFrom(byEmployees, weighted), fc.boolean(), fc.constantFrom(64, 1 << 20), async (rs, p, worker, chunkSize) => {
        const header = EMPLOYER_SPEC.columns.map((c) => c.zh).join(',');
        const lines = rs.map((r, k) => [testUscc(k), `单位${k}`, r.type, r.industry, r.region, r.employees, r.complaints, r.abnormal, r.serious, r.key, r.last].join(',') + r.eol);
        const file = path.join(dir, `p${fileNo++}.csv`);
        writeFileSync(file, header + '\n' + lines.join(''));
        const plain = await columnsOf(file, p, false, false, chunkSize);
        expect(await columnsOf(file, p, true, worker, chunkSize)).toEqual(plain);
      }),
      { numRuns: 40 },
    );
  });

  it('judgedFields names every field a judgement reads: employers equal in them are judged alike', () => {
    const plans = [byEmployees, weighted];
    const e = fc.record({
      type: fc.constantFrom(...UNIT_TYPES, null),
      industry: fc.constantFrom('制造业', '建筑业', null),
      region: fc.constantFrom('城关镇', '东城街道', null),
      employees: fc.constantFrom(null, 0, 99, 100, 5000),
      complaints: fc.integer({ min: 0, max: 4 }),
      abnormal: fc.boolean(),
      seriousViolation: fc.boolean(),
      key: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.constantFrom(...plans), e, e, (p, a, b) => {
        const fields = judgedFields(p);
        // b takes a's judged fields: what is left differs (and USCC, name, line differ too)
        const x = employer(1, a);
        const y = employer(2, { ...b, ...Object.fromEntries(fields.map((f) => [f, a[f]])) });
        const cols = new DirectoryColumns(input(p, [], staff), 2);
        cols.add(x);
        cols.add(y);
        expect(cols.flags[1]).toBe(cols.flags[0]);
        for (const t of cols.tasks) {
          expect(t.cell[1]).toBe(t.cell[0]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidUscc } from '../../src/core/uscc.js';
import {
  BENCH_REGIONS,
  DEMO_AS_OF,
  FIXTURES_SEED,
  INDUSTRIES,
  REGIONS,
  SPECIALTIES,
  addWorkdays,
  caseDeadline,
  demoTables,
  generateEmployers,
  generateInspectors,
  publicationDays,
} from '../../src/demo/synthetic.js';
import { formatCsv } from '../../src/io/csv.js';
import { FIXTURES_DIR } from '../../src/io/paths.js';
import { loadDecisions, loadEmployers, loadInspectors } from '../../src/io/tables.js';
import { parseCsvText } from '../../src/io/csv.js';

const demo = demoTables();
const fixture = (name: string) => path.join(FIXTURES_DIR, `${name}.csv`);

describe('synthetic employers', () => {
  it('every 统一社会信用代码 is valid and unique, also over a larger stream', () => {
    const codes = [...generateEmployers({ seed: 'x', count: 20_000 })].map((e) => e.uscc);
    expect(codes.every(isValidUscc)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(demo.employers.data.every((e) => isValidUscc(e.uscc))).toBe(true);
  });

  it('codes carry the registration authority of the unit type', () => {
    const prefix = { 企业: '91', 个体工商户: '92', 民办非企业单位: '52', 社会团体: '51', 机关: '11', 事业单位: '12' };
    expect(demo.employers.data.filter((e) => e.uscc.slice(0, 2) !== prefix[e.type])).toEqual([]);
  });

  it('the same seed gives the same rows, another seed other rows', () => {
    const a = [...generateEmployers({ seed: 's', count: 200 })];
    const b = [...generateEmployers({ seed: 's', count: 200 })];
    const c = [...generateEmployers({ seed: 't', count: 200 })];
    expect(b).toEqual(a);
    expect(c.map((e) => e.name)).not.toEqual(a.map((e) => e.name));
  });

  it('has the mix the demo plan expects', () => {
    const rows = demo.employers.data;
    const share = (f: (e: (typeof rows)[number]) => boolean) => rows.filter(f).length / rows.length;
    expect(share((e) => e.type === '企业')).toBeGreaterThan(0.45);
    expect(share((e) => e.type === '个体工商户')).toBeGreaterThan(0.3);
    for (const t of ['民办非企业单位', '事业单位', '机关', '社会团体']) expect(rows.some((e) => e.type === t)).toBe(true);
    expect(share((e) => e.abnormal)).toBeGreaterThan(0.03);
    expect(share((e) => e.abnormal)).toBeLessThan(0.07);
    expect(share((e) => e.serious)).toBeGreaterThan(0.004);
    expect(share((e) => e.serious)).toBeLessThan(0.02);
    expect(share((e) => e.key)).toBeGreaterThan(0.06);
    expect(share((e) => e.key)).toBeLessThan(0.11);
    expect(share((e) => e.lastInspected !== null)).toBeGreaterThan(0.25);
    expect(share((e) => e.lastInspected !== null)).toBeLessThan(0.35);
    expect(rows.some((e) => e.lastInspected !== null && e.lastInspected >= '2026-01-01')).toBe(true);
    expect(share((e) => e.industry === '建筑业')).toBeGreaterThan(0.06);
    expect(share((e) => e.industry === '建筑业')).toBeLessThan(0.1);
    expect(share((e) => e.complaints === 0)).toBeGreaterThan(0.8);
    expect(Math.max(...rows.map((e) => e.complaints))).toBeGreaterThanOrEqual(5);
    expect(Math.max(...rows.map((e) => e.employees ?? 0))).toBeGreaterThanOrEqual(300);
    // only the vocabularies the demo plan names (blanks allowed)
    const regions = new Set<string>(['', ...REGIONS]);
    const industries = new Set<string>(['', ...INDUSTRIES]);
    expect(rows.filter((e) => !regions.has(e.region) || !industries.has(e.industry))).toEqual([]);
    expect(new Set(rows.map((e) => e.region)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((e) => e.industry)).size).toBeGreaterThanOrEqual(12);
  });

  it('spreads a benchmark directory over 12 regions when asked', () => {
    const regions = new Set([...generateEmployers({ seed: 'b', count: 3000, regions: BENCH_REGIONS })].map((e) => e.region));
    regions.delete('');
    expect(regions.size).toBe(12);
  });
});

describe('synthetic roster', () => {
  const qualified = (x: (typeof demo.inspectors.data)[number]) => x.status === '在岗' && x.certExpiry >= DEMO_AS_OF;

  it('has expired, expiring, absent and recusing inspectors as promised', () => {
    const xs = demo.inspectors.data;
    expect(xs).toHaveLength(32);
    expect(xs.filter((x) => x.certExpiry < DEMO_AS_OF)).toHaveLength(2);
    const soon = addDays(DEMO_AS_OF, 60);
    expect(xs.filter((x) => x.certExpiry >= DEMO_AS_OF && x.certExpiry <= soon)).toHaveLength(3);
    expect(xs.filter((x) => x.status !== '在岗')).toHaveLength(2);
    const recusing = xs.filter((x) => x.recusals.length > 0);
    expect(recusing.length).toBeGreaterThanOrEqual(3);
    expect(recusing.length).toBeLessThanOrEqual(4);
    const codes = new Set(demo.employers.data.map((e) => e.uscc));
    for (const x of recusing) for (const u of x.recusals) expect(codes.has(u)).toBe(true);
    expect(new Set(xs.map((x) => x.certNo)).size).toBe(32);
  });

  it('every specialty has at least four qualified inspectors, whatever the seed', () => {
    for (const seed of [FIXTURES_SEED, 'a', 'b', 'c']) {
      const xs = generateInspectors({ seed, count: 32, recusalPool: [] });
      for (const s of SPECIALTIES) expect(xs.filter((x) => qualified(x) && x.specialties.includes(s)).length).toBeGreaterThanOrEqual(4);
      for (const x of xs) {
        expect(x.specialties.length).toBeGreaterThanOrEqual(1);
        expect(x.specialties.length).toBeLessThanOrEqual(3);
      }
    }
  });
});

describe('synthetic decisions and cases', () => {
  it('decisions show on-time, late and missing publications as labelled', () => {
    const ds = demo.decisions.data;
    expect(ds.length).toBeGreaterThanOrEqual(55);
    const outcomes = new Set(ds.map((d) => d.outcome));
    for (const o of ['on-time', 'late', 'missing-due', 'missing-overdue', 'revoked-withdrawn', 'revoked-not-withdrawn']) expect(outcomes).toContain(o);
    for (const d of ds) {
      const deadline = addWorkdays(d.decidedOn, publicationDays(d.kind));
      if (d.outcome === 'on-time' || d.outcome === 'on-deadline') expect(d.publishedOn! <= deadline).toBe(true);
      if (d.outcome === 'on-deadline') expect(d.publishedOn).toBe(deadline);
      if (d.outcome === 'late') expect(d.publishedOn! > deadline).toBe(true);
      if (d.outcome === 'missing-due') expect(d.publishedOn === null && deadline >= DEMO_AS_OF).toBe(true);
      if (d.outcome === 'missing-overdue') expect(d.publishedOn === null && deadline < DEMO_AS_OF).toBe(true);
      if (d.outcome === 'revoked-withdrawn') expect(d.withdrawnOn! <= addWorkdays(d.revokedOn!, 3)).toBe(true);
      if (d.outcome === 'revoked-not-withdrawn') expect(d.withdrawnOn).toBeNull();
      if (d.publishedOn) expect(d.publishedOn <= DEMO_AS_OF).toBe(true);
    }
    expect(new Set(ds.map((d) => d.caseNo)).size).toBe(ds.length);
  });

  it('the calendar copy agrees with the reference known answers', () => {
    expect(addWorkdays('2025-09-30', 7)).toBe('2025-10-16');
    expect(addWorkdays('2026-02-12', 7)).toBe('2026-02-28');
    expect(addWorkdays('2025-01-24', 7)).toBe('2025-02-10');
  });

  it('cases are in time, late, extended and open as labelled, all deadlines inside the known calendar', () => {
    const cs = demo.cases.data;
    expect(cs.length).toBeGreaterThanOrEqual(20);
    for (const c of cs) {
      const dl = caseDeadline(c.filedOn, c.extended);
      expect(dl <= '2026-12-31').toBe(true);
      if (c.outcome === 'closed-in-time') expect(c.closedOn! < dl).toBe(true);
      if (c.outcome === 'closed-on-deadline') expect(c.closedOn).toBe(dl);
      if (c.outcome === 'closed-late') expect(c.closedOn! > dl).toBe(true);
      if (c.outcome === 'open-in-time') expect(c.closedOn === null && dl >= DEMO_AS_OF).toBe(true);
      if (c.outcome === 'open-overdue') expect(c.closedOn === null && dl < DEMO_AS_OF).toBe(true);
    }
    expect(cs.some((c) => c.extended && c.outcome === 'open-in-time')).toBe(true);
    expect(cs.some((c) => c.outcome === 'open-overdue')).toBe(true);
  });
});

describe('committed fixtures', () => {
  it('are exactly what the generator writes (regenerate with npm run fixtures)', () => {
    for (const name of ['employers', 'inspectors', 'decisions', 'cases'] as const) {
      const expected = formatCsv(demo[name].header, demo[name].rows);
      expect(readFileSync(fixture(name)).equals(expected), `${name}.csv is stale`).toBe(true);
    }
  });

  it('load through the data layer without a single problem', async () => {
    const e = await loadEmployers(fixture('employers'));
    expect(e.records).toHaveLength(3000);
    expect(e.skipped).toBe(0);
    expect(e.encoding).toBe('utf8-bom');
    expect(e.records[0]!.extra.map(([k]) => k)).toEqual(['联系电话']);
    const i = await loadInspectors(fixture('inspectors'));
    expect(i.records).toHaveLength(32);
    const d = await loadDecisions(fixture('decisions'));
    expect(d.records.length).toBe(demo.decisions.data.length);
    const cases = parseCsvText(readFileSync(fixture('cases'), 'utf8'), 'cases.csv');
    expect(cases.header).toEqual(['案号', '立案日期', '延期批准', '调查终结日期']);
  });
});

function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

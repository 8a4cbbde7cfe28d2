/**
 * Property 8: the test vectors of docs/algorithm.md are what the code computes. The vectors are read
 * from the document itself, so the specification and the implementation cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { draw, parsePeriod, ALGORITHM_V1, ALGORITHM_V2, ALGORITHM_VERSION, type AlgorithmVersion } from '../../src/core/draw/index.js';
import { ticketHex, ticketUnit } from '../../src/core/draw/ticket.js';
import { planFrom } from '../../src/io/plan.js';
import { formatProbability } from '../../src/io/draw-outputs.js';
import { employer, inspector } from './draw.support.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/algorithm.md'), 'utf8');
const parse = (block: string): Record<string, string | undefined>[] =>
  block
    .split(/\n\s*\n/)
    .map((chunk) => Object.fromEntries(chunk.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()])))
    .filter((r) => Object.keys(r).length);
/** v1's block (```vectors) and v2's (```vectors-v2): each version's selections run with that version */
const v1Records: Record<string, string | undefined>[] = parse(/```vectors\n([\s\S]*?)```/.exec(doc)?.[1] ?? '').map((r) => ({ ...r, version: ALGORITHM_V1 }));
const v2Records: Record<string, string | undefined>[] = parse(/```vectors-v2\n([\s\S]*?)```/.exec(doc)?.[1] ?? '').map((r) => ({ ...r, version: ALGORITHM_V2 }));
const records: Record<string, string | undefined>[] = [...v1Records, ...v2Records];

describe('property 8: the vectors of docs/algorithm.md', () => {
  it('the document has ticket vectors of every kind and two selections for v1, and more for v2', () => {
    const kinds = (rs: typeof records) => new Set(rs.filter((r) => r.input).map((r) => r.input!.split('|')[1]));
    expect(kinds(v1Records)).toEqual(new Set(['employer', 'team', 'stratum']));
    expect(kinds(v2Records)).toEqual(new Set(['employer', 'team', 'stratum', 'start']));
    expect(v1Records.filter((r) => r.select)).toHaveLength(2);
    expect(v2Records.filter((r) => r.select).length).toBeGreaterThanOrEqual(4);
    expect(v2Records.filter((r) => r.round)).toHaveLength(1);
    for (const r of records) if (r.input) expect(r.input.startsWith(r.version + '|')).toBe(true);
    expect(ALGORITHM_VERSION).toBe(ALGORITHM_V2);
  });

  for (const r of records.filter((x) => x.input)) {
    it(`ticket ${r.input!.split('|').slice(1, 2)}…${r.input!.slice(-20)}`, () => {
      // independent of the code under test: node's SHA-256 over the UTF-8 bytes
      expect(createHash('sha256').update(Buffer.from(r.input!, 'utf8')).digest('hex')).toBe(r.sha256);
      expect(ticketHex(r.input!)).toBe(r.sha256);
      expect(String(ticketUnit(r.sha256!))).toBe(r.u);
      expect(ticketUnit(r.sha256!)).toBe((parseInt(r.sha256!.slice(0, 13), 16) + 0.5) / 2 ** 52);
    });
  }

  for (const r of records.filter((x) => x.round)) {
    it(`π written with 6 decimals, half up on the exact binary value: ${r.round}`, () => {
      for (const pair of r.round!.split(' ')) {
        const [value, text] = pair.split('=');
        expect(formatProbability(Number(value))).toBe(text);
      }
    });
  }

  for (const r of records.filter((x) => x.select)) {
    it(`${r.version} selection: ${r.select}`, () => {
      const opts = Object.fromEntries(r.select!.split('; ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const plan = planFrom({
        data: {
          id: opts.plan,
          office: '清河县人力资源和社会保障局',
          year: 2026,
          frequency: 2,
          items: [{ id: 'wage', name: '工资支付情况', basis: '条例', specialty: '工资支付' }],
          tasks: [
            {
              id: opts.task,
              name: '不定向抽查',
              mode: 'untargeted',
              items: ['wage'],
              size: opts.count ? { count: Number(opts.count) } : opts.ratio_per_year ? { ratio_per_year: Number(opts.ratio_per_year) } : { ratio_per_period: Number(opts.ratio_per_period) },
              ...(opts.abnormal ? { weights: { abnormal: Number(opts.abnormal) } } : {}),
              ...(opts.stratify ? { stratify_by: [opts.stratify] } : {}),
            },
          ],
        },
      });
      const abnormal = new Set((r.abnormal ?? '').split(' ').filter(Boolean));
      // regions: "uscc=region …", "-" for a blank region
      const regions = new Map((r.regions ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
      const region = (uscc: string) => (regions.get(uscc) === undefined || regions.get(uscc) === '-' ? null : regions.get(uscc)!);
      const employers = r.pool!.split(' ').map((uscc, i) => employer(i, { uscc, region: region(uscc), industry: null, abnormal: abnormal.has(uscc) }));
      const inspectors = [1, 2, 3, 4].map((i) => inspector(i, { specialties: ['工资支付'] }));
      // prior: "stratum=n …" drawn by the task in the earlier periods of the year
      const priorDrawn = (r.prior ?? '').split(' ').filter(Boolean).map((kv) => ({ task: opts.task!, stratum: kv.split('=')[0]!, drawn: Number(kv.split('=')[1]) }));
      const result = draw({
        plan,
        period: parsePeriod(opts.period!, plan),
        seed: opts.seed!,
        asOf: '2026-03-02',
        employers,
        inspectors,
        alreadyDrawn: new Set(),
        algorithm: r.version as AlgorithmVersion,
        priorDrawn,
      });
      if (r.quota) expect(result.counts.map((c) => `${c.stratum}=${c.quota}`).join(' ')).toBe(r.quota);
      if (r.expected) expect(result.counts.map((c) => `${c.stratum}=${c.expected}`).join(' ')).toBe(r.expected);
      const byUscc = [...result.assignments].sort((a, b) => (a.employer.uscc < b.employer.uscc ? -1 : 1));
      expect(byUscc.map((a) => a.employer.uscc).join(' ')).toBe(r.drawn);
      expect(byUscc.map((a) => `${a.employer.uscc}=${a.team.map((i) => i.id).join('+')}`).join(' ')).toBe(r.teams);
      if (r.pi) expect(byUscc.map((a) => `${a.employer.uscc}=${a.inclusionProbability}`).join(' ')).toBe(r.pi);
    });
  }
});

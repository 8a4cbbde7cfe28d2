/**
 * Property 8: the test vectors of docs/algorithm.md are what the code computes. The vectors are read
 * from the document itself, so the specification and the implementation cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { draw, parsePeriod, parsePlan, ALGORITHM_VERSION } from '../../src/core/draw/index.js';
import { ticketHex, ticketUnit } from '../../src/core/draw/ticket.js';
import { at, employer, inspector } from './draw.support.js';

const doc = readFileSync(path.resolve(import.meta.dirname, '../../docs/algorithm.md'), 'utf8');
const block = /```vectors\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
const records = block
  .split(/\n\s*\n/)
  .map((chunk) => Object.fromEntries(chunk.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()])))
  .filter((r) => Object.keys(r).length);

describe('property 8: the vectors of docs/algorithm.md', () => {
  it('the document has ticket vectors of every kind and two selections', () => {
    const kinds = records.filter((r) => r.input).map((r) => r.input!.split('|')[1]);
    expect(new Set(kinds)).toEqual(new Set(['employer', 'team', 'stratum']));
    expect(records.filter((r) => r.select)).toHaveLength(2);
    expect(records.every((r) => !r.input || r.input.startsWith(ALGORITHM_VERSION + '|'))).toBe(true);
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

  for (const r of records.filter((x) => x.select)) {
    it(`selection: ${r.select}`, () => {
      const opts = Object.fromEntries(r.select!.split('; ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      const plan = parsePlan(
        {
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
              size: { count: Number(opts.count) },
              ...(opts.abnormal ? { weights: { abnormal: Number(opts.abnormal) } } : {}),
            },
          ],
        },
        at,
      );
      const abnormal = new Set((r.abnormal ?? '').split(' ').filter(Boolean));
      const employers = r.pool!.split(' ').map((uscc, i) => employer(i, { uscc, region: null, industry: null, abnormal: abnormal.has(uscc) }));
      const inspectors = [1, 2, 3, 4].map((i) => inspector(i, { specialties: ['工资支付'] }));
      const result = draw({ plan, period: parsePeriod(opts.period!, plan), seed: opts.seed!, asOf: '2026-03-02', employers, inspectors, alreadyDrawn: new Set() });
      const byUscc = [...result.assignments].sort((a, b) => (a.employer.uscc < b.employer.uscc ? -1 : 1));
      expect(byUscc.map((a) => a.employer.uscc).join(' ')).toBe(r.drawn);
      expect(byUscc.map((a) => `${a.employer.uscc}=${a.team.map((i) => i.id).join('+')}`).join(' ')).toBe(r.teams);
      if (r.pi) expect(byUscc.map((a) => `${a.employer.uscc}=${a.inclusionProbability}`).join(' ')).toBe(r.pi);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { draw } from '../../src/core/draw/draw.js';
import { DirectoryColumns, IN_TASK } from '../../src/core/draw/directory.js';
import { ALGORITHM_V2, type DrawInput } from '../../src/core/draw/index.js';
import { ticketHex, ticketKeyOf, ticketPrefix } from '../../src/core/draw/ticket.js';
import { ticketOrder } from '../../src/core/draw/v2.js';
import { buildCsvOutputs } from '../../src/io/draw-outputs.js';
import { sha256Hex } from '../../src/io/files.js';
import { drawWhole } from '../support/draw-whole.js';
import { employer, fakeUscc, input, plan, roster } from './draw.support.js';

// A v2 draw keeps only the first 32 bits of each employer's ticket and orders units whose 32 bits are
// equal by their full tickets (docs/algorithm.md 11.3, 13). Equal 32 bits are common at province scale
// (~n²/2^33 pairs in a stratum of n), so the tie path must give the order of the full tickets.

const outcome = (inp: DrawInput, run: (i: DrawInput) => ReturnType<typeof draw>) => {
  const r = run(inp);
  return { counts: r.counts, files: buildCsvOutputs(inp.plan, inp.period, r, 'utf8').map((f) => ({ name: f.name, sha: sha256Hex(f.data) })) };
};

describe('ticket order from 32-bit keys (ticketOrder)', () => {
  /** tickets whose first 8 hex digits come from a few values: most keys are shared by several units */
  const crafted = (n: number) => {
    const heads = ['00000000', '00000001', '7fffffff', '80000000', 'fffffffe', 'ffffffff'];
    const hex = Array.from({ length: n }, (_, j) => heads[j % heads.length]! + createHash('sha256').update(`t${j}`).digest('hex').slice(8));
    const key = Uint32Array.from(hex, (h) => parseInt(h.slice(0, 8), 16));
    return { hex, key };
  };

  for (const [name, upTo] of [
    ['comparator sort', Infinity],
    ['bucket sort', 0],
  ] as const) {
    it(`${name}: equal keys in full-ticket order, their tickets asked for once and only for tied units`, () => {
      const { hex, key } = crafted(3000);
      // members: a subset of the rows, in file order
      const js = Int32Array.from({ length: 1500 }, (_, k) => 2 * k + (k % 3 === 0 ? 1 : 0));
      const calls: number[][] = [];
      const hexesOf = (xs: readonly number[]) => {
        calls.push([...xs]);
        return xs.map((j) => hex[j]!);
      };
      const got = Array.from(ticketOrder(js, key, hexesOf, upTo));
      const want = Array.from(js).sort((a, b) => (hex[a]! < hex[b]! ? -1 : 1));
      expect(got).toEqual(want);
      expect(calls).toHaveLength(1);
      expect(new Set(calls[0]).size).toBe(js.length);
    });
  }

  it('keys without ties: no ticket is asked for', () => {
    const js = Int32Array.from({ length: 5000 }, (_, j) => j);
    const key = Uint32Array.from(js, (j) => ticketKeyOf(`x|${j}`));
    expect(new Set(key).size).toBe(key.length);
    const hexesOf = () => {
      throw new Error('asked for tickets without a tie');
    };
    const got = Array.from(ticketOrder(js, key, hexesOf, 0));
    expect(got).toEqual(Array.from(js).sort((a, b) => key[a]! - key[b]!));
  });
});

describe('a v2 draw whose units tie in 32 bits', () => {
  const p = plan({ tasks: [{ id: 'all', name: '不定向抽查', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 1 } }] });
  const probe = input(p, [], roster(4), { algorithm: ALGORITHM_V2 });
  const prefix = ticketPrefix({ seed: probe.seed, planId: p.id, period: probe.period.label, taskId: 'all', version: ALGORITHM_V2 });
  /** two employers of the test directory whose tickets share their first 32 bits (a birthday search: ~80,000 codes) */
  const pair = (() => {
    const seen = new Map<number, number>();
    for (let i = 0; ; i++) {
      const k = ticketKeyOf(prefix + fakeUscc(i));
      const earlier = seen.get(k);
      if (earlier !== undefined) return [earlier, i] as const;
      seen.set(k, i);
    }
  })();

  it('draws as the whole-directory draw (Float64 u) does, whichever row comes first', () => {
    const [a, b] = pair;
    const ha = ticketHex(prefix + fakeUscc(a));
    const hb = ticketHex(prefix + fakeUscc(b));
    expect(ha.slice(0, 8)).toBe(hb.slice(0, 8));
    expect(ha).not.toBe(hb);
    // one stratum of two units and a quota of 1: π = 1/2 each, and which one the start point falls on
    // depends only on their order on the line (file order would give the other one for one of the two)
    const one = [employer(a), employer(b)];
    for (const rows of [one, [...one].reverse()]) {
      const inp = input(p, rows, roster(4), { algorithm: ALGORITHM_V2 });
      expect(outcome(inp, draw)).toEqual(outcome(inp, drawWhole));
    }
  });
});

describe("a task's cells (stratum and weight class as one index)", () => {
  it('widen to 32 bits past 65,534 pairs, keeping every row (the one that widens them too)', () => {
    const p = plan({ tasks: [{ id: 'all', name: '不定向抽查', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 40 }, stratify_by: ['region'], weights: { complaints: { min: 1, factor: 2 } } }] });
    // 33,000 regions × 2 weight classes (complaints 0 or 1): 66,000 pairs
    const rows = Array.from({ length: 66_000 }, (_, i) => employer(i, { region: `区${i >> 1}`, complaints: i & 1 }));
    const inp = input(p, rows, roster(4), { algorithm: ALGORITHM_V2 });
    const dir = new DirectoryColumns(inp, 16);
    for (const e of rows) dir.add(e);
    const t = dir.tasks[0]!;
    expect(t.cell).toBeInstanceOf(Uint32Array);
    expect(t.pairStratum).toHaveLength(66_000);
    const wrong: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const pair = t.cell[i]! - IN_TASK;
      if (t.names[t.pairStratum[pair]!] !== `区${i >> 1}` || t.weights[t.pairWeight[pair]!] !== (i & 1 ? 2 : 1)) wrong.push(i);
    }
    expect(wrong).toEqual([]);
  });
});

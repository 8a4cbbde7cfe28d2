import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { draw } from '../../src/core/draw/draw.js';
import { ALGORITHM_V2 } from '../../src/core/draw/index.js';
import { teamInput, teamPrefix, ticketInput, ticketPrefix, ticketUnitOf, type TicketScope } from '../../src/core/draw/ticket.js';
import { drawColumns } from '../../src/core/draw/draw.js';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { WinnerTicketWorker, winnerTicketsElsewhere } from '../../src/io/winner-tickets.js';
import { silentFor, TicketWorker, WORKER_SILENT_S } from '../../src/io/ticket-worker.js';
import type { ChunkShape } from '../../src/io/directory-bytes.js';
import { directory, input, plan, roster } from './draw.support.js';

// The winners' ticket digests and first team tickets of a large draw are hashed on a second thread
// (src/io/winner-tickets.ts). They must be the bytes ticketInput and teamInput specify, for every
// task, over several of the worker's batches (4,096 winners), and for a USCC the worker does not take.
describe('winner tickets hashed on a worker thread', () => {
  const scopes: TicketScope[] = [
    { seed: '种子 with |bars| and 中文', planId: 'p', period: '2026H1', taskId: 'general', version: ALGORITHM_V2 },
    { seed: '种子 with |bars| and 中文', planId: 'p', period: '2026H1', taskId: 'build', version: ALGORITHM_V2 },
  ];
  it('are the digests and team tickets of docs/algorithm.md §1 and §6', () => {
    const picks = 3;
    const n = 9_000;
    const uscc = (k: number) => (k === 77 ? '９１３２' + String(k).padStart(14, '0') : '91' + String(k * 7919).padStart(16, '0'));
    const digest = Buffer.alloc(n * 32);
    const team = new Float64Array(n * picks);
    const worker = new WinnerTicketWorker({ count: n, prefixes: scopes.map(ticketPrefix), teamPrefixes: scopes.map(teamPrefix), picks, digest, team });
    // added out of order, as the draw adds them (in row order, not winner order)
    for (let x = 0; x < n; x++) {
      const k = (x * 4099) % n;
      worker.add(k, k % 2, uscc(k));
    }
    worker.collect();
    worker.close();
    for (let k = 0; k < n; k++) {
      const s = scopes[k % 2]!;
      expect(digest.subarray(k * 32, k * 32 + 32).toString('hex')).toBe(hash('sha256', ticketInput(s, uscc(k)), 'hex'));
      for (let j = 0; j < picks; j++) expect(team[k * picks + j]).toBe(ticketUnitOf(teamInput(s, uscc(k), j)));
    }
  });

  it('leave a draw byte for byte the same', () => {
    const p = plan({ tasks: [{ id: 'general', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 5_000 }, stratify_by: ['region'] }] });
    const employers = directory(12_000);
    const inp = input(p, employers, roster(200), { algorithm: ALGORITHM_V2 });
    const here = draw(inp);
    const dir = new DirectoryColumns(inp, employers.length);
    for (const e of employers) dir.add(e);
    let started = false;
    const elsewhere = drawColumns(inp, dir, (rows) => rows.map((i) => employers[i]!), {
      winnerTickets: (r) => {
        started = true;
        return new WinnerTicketWorker(r);
      },
    });
    expect(started).toBe(true);
    expect(elsewhere.assignments.length).toBe(5_000);
    expect(elsewhere.assignments).toEqual(here.assignments);
  });

  it('are hashed here for a small draw', () => {
    expect(winnerTicketsElsewhere({ count: 100, prefixes: [''], teamPrefixes: [''], picks: 2, digest: Buffer.alloc(3200), team: new Float64Array(200) })).toBeNull();
  });
});

// A worker whose handler throws must fail the draw with its error (main.ts: exit 3), not leave the
// main thread waiting on it for ever; one that has gone silent is given up on.
describe('a failing worker', () => {
  it('winner tickets: the worker error comes back from collect', () => {
    const worker = new WinnerTicketWorker({ count: 2, prefixes: ['p|'], teamPrefixes: ['t|'], picks: 2, digest: Buffer.alloc(64), team: new Float64Array(4) });
    // a batch without its codes: the worker's handler throws on it
    const w = worker as unknown as { port: { postMessage(m: unknown): void }; sent: number };
    w.port.postMessage({ ks: new Int32Array(1), tasks: new Uint16Array(1) });
    w.sent++;
    expect(() => worker.collect()).toThrow(/winner ticket worker: .*TypeError/s);
    worker.close();
  });

  it('ticket worker: the worker error comes back when its batches are awaited', () => {
    const p = plan({ tasks: [{ id: 'general', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 } }] });
    const cols = new DirectoryColumns(input(p, [], roster(2), { algorithm: ALGORITHM_V2 }), 16);
    const worker = new TicketWorker(cols);
    const w = worker as unknown as { port: { postMessage(m: unknown): void }; sent: number };
    w.port.postMessage({ task: 0, rows: new Int32Array(1) });
    w.sent++;
    expect(() => worker.finish()).toThrow(/ticket worker: .*TypeError/s);
    worker.stop();
  });

  it("ticket worker: a chunk it cannot cut fails the splitter's take with the worker's error", () => {
    const p = plan({ tasks: [{ id: 'general', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 } }] });
    const worker = new TicketWorker(new DirectoryColumns(input(p, [], roster(2), { algorithm: ALGORITHM_V2 }), 16));
    const splitter = worker.splitter();
    // no shape: splitChunk throws on the worker
    splitter.send(Buffer.from('a,b\n'), new Uint8Array(256), null as unknown as ChunkShape, false);
    expect(() => splitter.take()).toThrow(/ticket worker: .*TypeError/s);
    worker.stop();
  });

  it('a worker silent for WORKER_SILENT_S seconds is given up on', () => {
    expect(() => silentFor(WORKER_SILENT_S - 1, 'w')).not.toThrow();
    expect(() => silentFor(WORKER_SILENT_S, 'w')).toThrow(/w: no answer for 120 s/);
  });
});

import { describe, expect, it } from 'vitest';
import { DirectoryColumns } from '../../src/core/draw/directory.js';
import { ALGORITHM_V1, ALGORITHM_V2 } from '../../src/core/draw/index.js';
import { TicketThread, TicketWorker } from '../../src/io/ticket-worker.js';
import { directory, input, plan, roster } from './draw.support.js';

// A large directory's tickets are hashed on a worker thread (src/io/ticket-worker.ts). They must be
// the very numbers DirectoryColumns computes in line: same rows, same tickets, over several batches
// (the worker's batch is 32,768 rows), for two tasks, with rows that need no ticket left at 0: u for a
// v1 draw, the digest's first 32 bits for v2.
describe('tickets hashed on a worker thread', () => {
  // behind 0: every batch is hashed on the main thread (as when the worker falls behind); 1: the main
  // thread hashes a batch whenever one is out (timing decides which): the columns must be equal either way
  it.each([
    [ALGORITHM_V1, undefined],
    [ALGORITHM_V2, undefined],
    [ALGORITHM_V1, 0],
    [ALGORITHM_V2, 0],
    [ALGORITHM_V2, 1],
  ] as const)('fill every task column with the tickets computed in line (%s, behind %s)', (algorithm, behind) => {
    const p = plan({
      tasks: [
        { id: 'general', name: '不定向', mode: 'untargeted', items: ['wage'], size: { count: 3 }, stratify_by: ['region'] },
        { id: 'build', name: '建筑业', mode: 'targeted', items: ['wage', 'contract'], size: { count: 2 }, filter: { industry: ['建筑业'] } },
      ],
    });
    const employers = directory(40_000, (i) => ({ lastInspected: i % 7 === 0 ? '2026-01-01' : null }));
    const inp = input(p, employers, roster(4), { algorithm });
    const inline = new DirectoryColumns(inp, 16);
    const elsewhere = new DirectoryColumns(inp, 16);
    const worker = new TicketWorker(elsewhere, { behind });
    for (const e of employers) {
      inline.add(e);
      elsewhere.add(e);
    }
    worker.finish();
    expect(elsewhere.deferTicket).toBeNull();
    // general's 40,000 rows make one full batch (the rest, and the other task's, are sent at finish)
    if (behind === 0) expect(worker.hereBatches).toBe(1);
    for (let t = 0; t < inline.tasks.length; t++) {
      const column = (c: DirectoryColumns) => (algorithm === ALGORITHM_V1 ? c.tasks[t]!.u : c.tasks[t]!.key).subarray(0, c.rows);
      const a = column(inline);
      const b = column(elsewhere);
      expect(a.length).toBe(employers.length);
      expect(a.some((u) => u > 0)).toBe(true);
      expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
    }
  });
});

describe("tickets hashed while the main thread waits for a chunk's cells", () => {
  it.each([ALGORITHM_V1, ALGORITHM_V2] as const)('are the tickets computed in line (%s)', (algorithm) => {
    const p = plan({ tasks: [{ id: 'general', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 }, stratify_by: ['region'] }] });
    const employers = directory(20_000, () => ({}));
    const inp = input(p, employers, roster(4), { algorithm });
    const inline = new DirectoryColumns(inp, 16);
    const elsewhere = new DirectoryColumns(inp, 16);
    const worker = new TicketWorker(elsewhere);
    for (const e of employers) {
      inline.add(e);
      elsewhere.add(e);
    }
    // 20,000 tickets wait in the unsent batch; a 4 MB chunk takes the worker milliseconds to cut (more to
    // start), and the main thread hashes slices of the batch until its cells are back
    const splitter = worker.splitter();
    const chunk = Buffer.from(`${'x,'.repeat(15)}y\n`.repeat(1 << 17));
    splitter.send(chunk, new Uint8Array(256).fill(0).fill(1, 44, 45).fill(2, 10, 11), { width: 16, uscc: 0, name: 1 }, false);
    expect(splitter.take().length).toBe((4 + 16) * (1 << 17));
    expect(worker.hereTickets).toBeGreaterThan(0);
    worker.finish();
    const column = (c: DirectoryColumns) => (algorithm === ALGORITHM_V1 ? c.tasks[0]!.u : c.tasks[0]!.key).subarray(0, c.rows);
    expect(column(inline).some((u) => u > 0)).toBe(true);
    expect(Array.from(column(elsewhere))).toEqual(Array.from(column(inline)));
  });
});

// The draw starts the worker's thread before the plan is read (prestartTicketThread); the tasks reach
// it later, in an init message, and must give the tickets a thread started with them would.
describe('a ticket thread started before the plan is known', () => {
  it.each([ALGORITHM_V1, ALGORITHM_V2] as const)('hashes the tickets computed in line once its tasks arrive (%s)', (algorithm) => {
    const p = plan({ tasks: [{ id: 'general', name: '不定向', mode: 'untargeted', items: ['wage', 'contract'], size: { count: 3 }, stratify_by: ['region'] }] });
    const employers = directory(35_000, () => ({}));
    const inp = input(p, employers, roster(4), { algorithm });
    const thread = new TicketThread();
    const inline = new DirectoryColumns(inp, 16);
    const elsewhere = new DirectoryColumns(inp, 16);
    const worker = new TicketWorker(elsewhere, { thread, behind: 99 });
    expect(thread.taken).toBe(true);
    // taken: release leaves it to the worker (which ends it at stop)
    thread.release();
    for (const e of employers) {
      inline.add(e);
      elsewhere.add(e);
    }
    worker.finish();
    // one batch of 32,768 went out during the adds, under the thread's own init
    expect(worker.hereBatches).toBe(0);
    const column = (c: DirectoryColumns) => (algorithm === ALGORITHM_V1 ? c.tasks[0]!.u : c.tasks[0]!.key).subarray(0, c.rows);
    expect(Array.from(column(elsewhere))).toEqual(Array.from(column(inline)));
    worker.stop();
  });
});

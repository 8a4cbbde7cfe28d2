import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { keyOfDigest, ticketKeyOf, ticketUnitOf, unitOfDigest } from '../core/draw/ticket.js';
import type { DirectoryColumns } from '../core/draw/directory.js';
import type { InputHash } from './directory.js';
import { ALGORITHM_V1 } from '../core/draw/types.js';
import { USCC_ALPHABET } from '../core/uscc.js';
import { isNamed, splitChunk, splitLine, usccCheck, usccFingerprint, usccTables, type ChunkShape, type ChunkSplitter } from './directory-bytes.js';

/**
 * The employer tickets of a large directory, hashed on a second thread while the first reads and
 * validates the file (SHA-256 of a million ticket inputs is ~1 s of CPU, a fifth of the pass).
 * Rows' USCCs go over in batches of 18 bytes each; the tickets (v1: u; v2: the digest's first 4 bytes,
 * see DirectoryColumns) come back on a port the main thread
 * drains synchronously after each batch it sends (so results do not pile up while it is busy) and,
 * at `finish`, until every batch is back. The worker hashes with the same node:crypto call as
 * ticketUnitOf and reads u with its very function (unitOfDigest, or keyOfDigest for v2, whose sources
 * are sent along), so the ticket is the one docs/algorithm.md §1 specifies (test/unit/ticket-worker.test.ts
 * compares them).
 */

/** rows per batch: big enough that a message costs nothing next to its hashing */
const BATCH = 1 << 15;
const CODE = 18;
/**
 * The worker's young generation, in MB. Its garbage (a batch's ticket inputs and digests, ~8 MB) dies
 * young, and by default V8 let the worker's heap grow to ~40 MB, held through a province's read (its
 * peak); at 8 MB it stays ~20 MB, for ~2-5% more of the worker's CPU (measured on 2M tickets), which
 * the main thread does not wait for.
 */
const YOUNG_MB = 8;
/** batches sent and not yet back, at most (~0.7 MB each) */
const IN_FLIGHT = 4;
/**
 * Batches out at which the worker counts as behind, and the main thread hashes the next batch itself.
 * With the chunks' cells cut on the worker too, the worker was the slower of the two by ~0.2 s of the
 * 1M draw's read; the main thread waited for its cells.
 */
const BEHIND = 2;
/** Tickets the main thread hashes at a time while it waits for a chunk's cells (~1 ms). */
const WAIT_SLICE = 1024;

// The worker: CommonJS, evaluated from this text so that it needs no file of its own beside the
// compiled module (and runs the same under the test runner, which compiles TypeScript in memory).
const workerSource = (unit: string, key: string) => `
const { workerData } = require('node:worker_threads');
const { createHash, hash } = require('node:crypto');
const unitOfDigest = ${unit};
const keyOfDigest = ${key};
const splitChunk = ${splitChunk.toString()};
const fns = {
  splitLine: ${splitLine.toString()},
  usccCheck: ${usccCheck.toString()},
  usccFingerprint: ${usccFingerprint.toString()},
  isNamed: ${isNamed.toString()},
  tables: (${usccTables.toString()})(${JSON.stringify(USCC_ALPHABET)}),
};
const { port, done } = workerData;
// the draw's tasks, sent once they are known (the thread may start before the plan is read)
let prefixes = null;
let v1 = false;
let of = null;
let file = null;
${ANSWER_GUARDED}
function answer(m) {
  if (m === null) { port.close(); return; }
  if (m.init) { prefixes = m.init.prefixes; v1 = m.init.v1; of = v1 ? unitOfDigest : keyOfDigest; return; }
  if (m.split) {
    if (m.hash) (file ??= createHash('sha256')).update(m.split);
    const recs = splitChunk(Buffer.from(m.split.buffer, m.split.byteOffset, m.split.byteLength), m.kind, m.shape, fns);
    port.postMessage({ recs }, [recs.buffer]);
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
    return;
  }
  if (m.bytes) { (file ??= createHash('sha256')).update(m.bytes); return; }
  if (m.digest) { port.postMessage({ sha256: (file ?? createHash('sha256')).digest('hex') }); Atomics.add(done, 0, 1); Atomics.notify(done, 0); return; }
  const prefix = prefixes[m.task];
  const codes = Buffer.from(m.codes.buffer, m.codes.byteOffset, m.codes.byteLength).toString('latin1');
  const u = v1 ? new Float64Array(m.rows.length) : new Uint32Array(m.rows.length);
  for (let k = 0; k < u.length; k++) u[k] = of(hash('sha256', prefix + codes.slice(k * ${CODE}, k * ${CODE} + ${CODE}), 'binary'));
  port.postMessage({ task: m.task, rows: m.rows, u }, [m.rows.buffer, u.buffer]);
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
}
`;

interface Result {
  task: number;
  rows: Int32Array;
  /** v1: u; v2: keys */
  u: Float64Array | Uint32Array;
}

/**
 * Worker source text (both workers): each message goes to the worker's answer(m); if that throws, the
 * error goes back as a WorkerFailure and is counted like an answer, so the waiting main thread wakes.
 */
export const ANSWER_GUARDED = `port.on('message', (m) => {
  try { answer(m); } catch (e) {
    port.postMessage({ failed: String((e && e.stack) || e) });
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
  }
});`;

/** What a worker sends instead of an answer when its handler threw. */
export interface WorkerFailure {
  failed: string;
}

/**
 * A worker that has answered nothing for this long is taken for dead (killed for its memory, say: a
 * batch takes ~35 ms): the draw fails as a bug would, instead of waiting on it for ever (a cron's
 * draw would hang with no word).
 */
export const WORKER_SILENT_S = 120;

/** Throws once a worker the main thread waits on has been silent for WORKER_SILENT_S seconds. */
export function silentFor(seconds: number, who: string): void {
  if (seconds >= WORKER_SILENT_S) throw new Error(`${who}: no answer for ${seconds} s; it has stopped`);
}

/**
 * Blocks until `settled()` (which drains the worker's port) says enough is back. The worker counts
 * each answer in `done` after posting it, so the main thread sleeps on that count, not in a spin.
 */
export function waitForWorker(done: Int32Array, settled: () => boolean, who: string): void {
  let idle = 0;
  for (;;) {
    const seen = Atomics.load(done, 0);
    if (settled()) return;
    if (Atomics.wait(done, 0, seen, 1000) === 'timed-out') silentFor(++idle, who);
    else idle = 0;
  }
}

/** The file's SHA-256, in answer to the `digest` message that follows its last bytes. */
interface FileDigest {
  sha256: string;
}

/**
 * A ticket worker's thread, started before the draw knows its tasks: its start-up (~50 ms: an isolate,
 * Node's bootstrap) then overlaps the reading of the plan and the ledger, not the directory's first
 * chunks, which waited for it. A TicketWorker takes it; one nobody took is ended by release().
 */
export class TicketThread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly done = new Int32Array(new SharedArrayBuffer(4));
  taken = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerSource(unitOfDigest.toString(), keyOfDigest.toString()), {
      eval: true,
      workerData: { port: port2, done: this.done },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    this.worker.unref();
  }

  /** Ends the thread unless a TicketWorker took it (which ends it itself). */
  release(): void {
    if (this.taken) return;
    this.taken = true;
    endThread(this.port, this.worker);
  }
}

/** Ends a worker of ANSWER_GUARDED's kind: its loop ends on null; terminate covers one stuck in a task. */
export function endThread(port: MessagePort, worker: Worker): void {
  port.postMessage(null);
  port.close();
  void worker.terminate();
}

export class TicketWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly done: Int32Array;
  private sent = 0;
  private received = 0;
  private readonly batches: { rows: Int32Array; codes: Uint8Array; n: number }[];

  private readonly behind: number;

  /**
   * behind: batches out at which this thread hashes the next batch itself (default BEHIND; tests set 0:
   * all here); thread: one started earlier (prestartTicketThread), else a new one
   */
  constructor(
    private readonly columns: DirectoryColumns,
    opts: { behind?: number; thread?: TicketThread } = {},
  ) {
    this.behind = opts.behind ?? BEHIND;
    const thread = opts.thread && !opts.thread.taken ? opts.thread : new TicketThread();
    thread.taken = true;
    this.worker = thread.worker;
    this.port = thread.port;
    this.done = thread.done;
    const prefixes = columns.tasks.map((t) => t.prefix);
    this.port.postMessage({ init: { prefixes, v1: columns.version === ALGORITHM_V1 } });
    this.batches = prefixes.map(() => this.fresh());
    columns.deferTicket = (task, row, uscc) => this.defer(task, row, uscc);
    columns.deferTicketBytes = (task, row, code, at) => this.deferBytes(task, row, code, at);
  }

  private fresh() {
    return { rows: new Int32Array(BATCH), codes: new Uint8Array(BATCH * CODE), n: 0 };
  }

  private defer(task: number, row: number, uscc: string): void {
    if (uscc.length !== CODE) {
      // not a validated code (cannot happen for a valid row): hashed here, where any text can be
      const t = this.columns.tasks[task]!;
      if (t.v1) t.u[row] = ticketUnitOf(t.prefix + uscc);
      else t.key[row] = ticketKeyOf(t.prefix + uscc);
      return;
    }
    const b = this.batches[task]!;
    const o = b.n * CODE;
    for (let k = 0; k < CODE; k++) b.codes[o + k] = uscc.charCodeAt(k);
    this.queued(task, row);
  }

  /** defer for a validated code given as its 18 bytes (the draw's streamed rows: no string made) */
  private deferBytes(task: number, row: number, code: Uint8Array, at: number): void {
    const b = this.batches[task]!;
    const o = b.n * CODE;
    for (let k = 0; k < CODE; k++) b.codes[o + k] = code[at + k]!;
    this.queued(task, row);
  }

  private queued(task: number, row: number): void {
    const b = this.batches[task]!;
    b.rows[b.n++] = row;
    if (b.n === BATCH) {
      this.drain();
      // the worker also cuts the chunks into cells: when it is behind, this thread hashes the batch
      // itself rather than wait for the cells later (the same hash, so the same tickets)
      if (this.sent - this.received >= this.behind) {
        this.hashHere(task);
        return;
      }
      this.send(task);
      // a worker that falls behind (a loaded machine) must not make the batches in flight grow with the directory
      this.await(IN_FLIGHT);
    }
  }

  private hashHere(task: number): void {
    this.hashTail(task, this.batches[task]!.n);
    this.hereBatches++;
  }

  /** Hashes the last `count` rows of a task's unsent batch on this thread, and takes them out of it. */
  private hashTail(task: number, count: number): void {
    const b = this.batches[task]!;
    const t = this.columns.tasks[task]!;
    const from = b.n - count;
    const codes = Buffer.from(b.codes.buffer, b.codes.byteOffset + from * CODE, count * CODE).toString('latin1');
    for (let k = 0; k < count; k++) {
      const input = t.prefix + codes.slice(k * CODE, k * CODE + CODE);
      if (t.v1) t.u[b.rows[from + k]!] = ticketUnitOf(input);
      else t.key[b.rows[from + k]!] = ticketKeyOf(input);
    }
    b.n = from;
    this.hereTickets += count;
  }

  /**
   * While the main thread would wait for a chunk's cells, it hashes some tickets of the batches not
   * yet sent (~1 ms a slice), so that the worker has fewer to do; false when there are none.
   */
  private hashWhileWaiting(): boolean {
    for (let task = 0; task < this.batches.length; task++) {
      const n = this.batches[task]!.n;
      if (n > 0) {
        this.hashTail(task, Math.min(n, WAIT_SLICE));
        return true;
      }
    }
    return false;
  }

  /** tickets hashed on this thread (tests: both paths are taken) */
  hereTickets = 0;

  /** batches hashed on this thread (tests: both paths are taken) */
  hereBatches = 0;

  private send(task: number): void {
    const b = this.batches[task]!;
    if (b.n === 0) return;
    const rows = b.rows.subarray(0, b.n);
    const codes = b.codes.subarray(0, b.n * CODE);
    this.port.postMessage({ task, rows, codes }, [b.rows.buffer as ArrayBuffer, b.codes.buffer as ArrayBuffer]);
    this.sent++;
    this.batches[task] = this.fresh();
  }

  /**
   * The directory file's SHA-256, taken on the worker from copies of the very bytes the main thread
   * reads and parses (so the manifest's hash is of what was drawn from, even if the file changed):
   * ~0.1 s of the 1M draw's main thread. Bytes and ticket batches share one port, so they are hashed
   * in the order they were read.
   */
  inputHash(): InputHash {
    return (this.fileHash ??= {
      update: (bytes: Buffer) => {
        // a copy: the main thread still parses these bytes (Uint8Array's slice copies, Buffer's does not)
        const copy = Uint8Array.prototype.slice.call(bytes);
        this.port.postMessage({ bytes: copy }, [copy.buffer]);
      },
      digest: () => {
        this.port.postMessage({ digest: true });
        this.sent++;
        this.await(0);
        if (this.fileDigest === null) throw new Error('ticket worker: no digest of the directory file came back');
        return this.fileDigest;
      },
    });
  }

  private fileHash: InputHash | null = null;

  private fileDigest: string | null = null;
  /** splitChunk's records, back from the worker and not yet taken, oldest first */
  private readonly splits: Int32Array[] = [];

  /**
   * The directory's quote-free chunks cut into cells here (splitChunk), up to AHEAD (directory.ts)
   * chunks ahead of the main thread: ~0.5 s of the 1M draw's read, against ~0.05 s of copies. The chunks go on the port the
   * tickets use, so the worker splits the next chunk before it hashes the tickets of the one the main
   * thread is reading.
   */
  splitter(): ChunkSplitter {
    const self = this;
    return {
      send: (chunk: Buffer, kind: Uint8Array, shape: ChunkShape, hash: boolean) => {
        // a copy: the main thread reads these bytes when their records are back (and hashed there too,
        // from the same copy, when the worker is also the input hash)
        const split = Uint8Array.prototype.slice.call(chunk);
        this.port.postMessage({ split, kind, shape, hash }, [split.buffer]);
      },
      // (read when the stream starts: inputHash() may be asked for after this)
      get hashes() {
        return self.fileHash;
      },
      take: () => {
        this.drain();
        while (!this.splits.length && this.hashWhileWaiting()) this.drain();
        if (!this.splits.length)
          waitForWorker(
            this.done,
            () => {
              this.drain();
              return this.splits.length > 0;
            },
            'ticket worker',
          );
        return this.splits.shift()!;
      },
    };
  }

  private apply(r: Result | FileDigest | WorkerFailure | { recs: Int32Array }): void {
    if ('failed' in r) throw new Error(`ticket worker: ${r.failed}`);
    if ('recs' in r) {
      this.splits.push(r.recs);
      return;
    }
    if ('sha256' in r) {
      this.fileDigest = r.sha256;
      this.received++;
      return;
    }
    // the column may have grown since the batch left: write into the one the task holds now
    const t = this.columns.tasks[r.task]!;
    const u = t.v1 ? t.u : t.key;
    for (let k = 0; k < r.rows.length; k++) u[r.rows[k]!] = r.u[k]!;
    this.received++;
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) this.apply(m.message as Result | FileDigest | WorkerFailure | { recs: Int32Array });
  }

  /** Waits until at most `left` batches are out. */
  private await(left: number): void {
    if (this.sent - this.received <= left) return;
    waitForWorker(
      this.done,
      () => {
        this.drain();
        return this.sent - this.received <= left;
      },
      'ticket worker',
    );
  }

  /** Every deferred ticket is in its column; the worker is gone. */
  finish(): void {
    for (let t = 0; t < this.batches.length; t++) this.send(t);
    this.await(0);
    this.stop();
  }

  /** Ends the worker without waiting for it (also when the read failed). */
  stop(): void {
    this.columns.deferTicket = null;
    this.columns.deferTicketBytes = null;
    endThread(this.port, this.worker);
  }
}

/**
 * Below this many rows (estimated from the file's size) the tickets stay on the main thread: a
 * worker takes ~30-50 ms to start, what a county's directory of 10^3-10^4 rows needs in all.
 */
export const TICKET_WORKER_ROWS = 50_000;

/** Whether a directory of about `rows` rows gets a ticket worker: not a small one, nor on one core. */
function worthAWorker(rows: number): boolean {
  return rows >= TICKET_WORKER_ROWS && availableParallelism() >= 2;
}

/** A ticket worker for a directory of about `rows` rows (on `thread` if one was started for it), or null where one would not pay. */
export function ticketWorkerFor(columns: DirectoryColumns, rows: number, thread: TicketThread | null = null): TicketWorker | null {
  if (thread === null && !worthAWorker(rows)) return null;
  return new TicketWorker(columns, { thread: thread ?? undefined });
}

/** A thread for the ticket worker of this directory file, started now, or null where it would not pay (its size as draw-inputs.ts guesses rows: ~110 bytes each). */
export function prestartTicketThread(file: string): TicketThread | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return null; // reading it will say what is wrong
  }
  return worthAWorker(Math.ceil(size / 110)) ? new TicketThread() : null;
}

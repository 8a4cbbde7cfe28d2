import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ticketDigest, ticketUnitOf, unitOfDigest } from '../core/draw/ticket.js';
import type { WinnerTicketRequest, WinnerTickets } from '../core/draw/draw.js';
import { ANSWER_GUARDED, endThread, waitForWorker, type WorkerFailure } from './ticket-worker.js';

/**
 * The winners' tickets of a large draw, hashed on a second thread while the first reads the winners'
 * rows again: each winner's ticket digest (the list's 签号 column and the order teams are made in)
 * and its first team tickets (docs/algorithm.md §6; one per member of a team of the plan's size).
 * At 50,000 winners that is 150,000 SHA-256, ~0.23 s of the main thread of a 1M draw. The inputs
 * are made in the worker from the same prefixes and the winner's 18-character USCC, so their bytes
 * are those of ticketInput and teamInput (test/unit/winner-tickets.test.ts compares them).
 */

/** winners per message: a few messages over a draw, each soon back */
const BATCH = 4096;
const CODE = 18;

/** the worker's young generation, MB */
const YOUNG_MB = 8;

/** Below this many winners the main thread hashes them: starting a worker costs about what 20,000 hashes do. */
export const WINNER_TICKETS_WORKER = 20_000;

const workerSource = (fn: string) => `
const { workerData } = require('node:worker_threads');
const { hash } = require('node:crypto');
const unitOfDigest = ${fn};
const { port, prefixes, teamPrefixes, picks, done } = workerData;
${ANSWER_GUARDED}
function answer(m) {
  if (m === null) { port.close(); return; }
  const n = m.tasks.length;
  const codes = Buffer.from(m.codes.buffer, m.codes.byteOffset, m.codes.byteLength).toString('latin1');
  const digest = new Uint8Array(n * 32);
  const out = Buffer.from(digest.buffer);
  const team = new Float64Array(n * picks);
  for (let x = 0; x < n; x++) {
    const code = codes.slice(x * ${CODE}, x * ${CODE} + ${CODE});
    const t = m.tasks[x];
    out.write(hash('sha256', prefixes[t] + code, 'binary'), x * 32, 32, 'latin1');
    const team0 = teamPrefixes[t] + code + '|';
    for (let j = 0; j < picks; j++) team[x * picks + j] = unitOfDigest(hash('sha256', team0 + j, 'binary'));
  }
  port.postMessage({ ks: m.ks, digest, team }, [m.ks.buffer, digest.buffer, team.buffer]);
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
}
`;

interface Back {
  ks: Int32Array;
  digest: Uint8Array;
  team: Float64Array;
}

export class WinnerTicketWorker implements WinnerTickets {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private sent = 0;
  /** batches the worker has answered (it counts them here after posting each) */
  private readonly done = new Int32Array(new SharedArrayBuffer(4));
  /** batches answered */
  private received = 0;
  private ks = new Int32Array(BATCH);
  private tasks = new Uint16Array(BATCH);
  private codes = new Uint8Array(BATCH * CODE);
  private n = 0;
  /** winners whose USCC is not 18 ASCII characters (none in a validated directory): hashed here */
  private readonly here: { k: number; task: number; uscc: string }[] = [];

  constructor(private readonly request: WinnerTicketRequest) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const { prefixes, teamPrefixes, picks } = request;
    this.worker = new Worker(workerSource(unitOfDigest.toString()), {
      eval: true,
      workerData: { port: port2, prefixes, teamPrefixes, picks, done: this.done },
      transferList: [port2],
      // as the ticket worker's (ticket-worker.ts): its garbage is a digest string a hash, and V8's default
      // young generation let its heap grow to tens of MB, held at a province's draw's peak (the winners' phase)
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    this.worker.unref();
  }

  add(k: number, task: number, uscc: string): void {
    const o = this.n * CODE;
    let ascii = uscc.length === CODE;
    for (let i = 0; ascii && i < CODE; i++) {
      const c = uscc.charCodeAt(i);
      this.codes[o + i] = c;
      ascii = c < 0x80;
    }
    if (!ascii) {
      this.here.push({ k, task, uscc });
      return;
    }
    this.ks[this.n] = k;
    this.tasks[this.n++] = task;
    if (this.n === BATCH) this.send();
  }

  private send(): void {
    if (this.n === 0) return;
    const ks = this.ks.slice(0, this.n);
    const tasks = this.tasks.slice(0, this.n);
    const codes = this.codes.slice(0, this.n * CODE);
    this.port.postMessage({ ks, tasks, codes }, [ks.buffer, tasks.buffer, codes.buffer]);
    this.sent++;
    this.n = 0;
    // what has come back goes into place now: a province's draw's answers held until collect were ~28 MB at its peak
    this.receive();
  }

  /** Copies the answered batches into the request's digest and team; whether all sent are answered. */
  private receive(): boolean {
    const { digest, team, picks } = this.request;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const b = m.message as Back | WorkerFailure;
      if ('failed' in b) throw new Error(`winner ticket worker: ${b.failed}`);
      for (let x = 0; x < b.ks.length; x++) {
        const k = b.ks[x]!;
        digest.set(b.digest.subarray(x * 32, x * 32 + 32), k * 32);
        team.set(b.team.subarray(x * picks, x * picks + picks), k * picks);
      }
      this.received++;
    }
    return this.received >= this.sent;
  }

  collect(): void {
    this.send();
    const { prefixes, teamPrefixes, picks, digest, team } = this.request;
    // the odd ones while the worker finishes
    for (const { k, task, uscc } of this.here) {
      digest.write(ticketDigest(prefixes[task]! + uscc), k * 32, 32, 'latin1');
      for (let j = 0; j < picks; j++) team[k * picks + j] = ticketUnitOf(`${teamPrefixes[task]!}${uscc}|${j}`);
    }
    waitForWorker(this.done, () => this.receive(), 'winner ticket worker');
  }

  close(): void {
    endThread(this.port, this.worker);
  }
}

/** The winners' tickets on a second thread, or null where one would not pay (few winners, one core). */
export function winnerTicketsElsewhere(request: WinnerTicketRequest): WinnerTickets | null {
  if (request.count < WINNER_TICKETS_WORKER || request.picks < 1 || availableParallelism() < 2) return null;
  return new WinnerTicketWorker(request);
}

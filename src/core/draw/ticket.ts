/**
 * Tickets: the only source of randomness of a draw. Each is SHA-256 over the UTF-8 bytes of a
 * `|`-separated string that starts with the algorithm version, so anyone can recompute one with
 * `printf '%s' '<input>' | sha256sum`. docs/algorithm.md is the specification; keep them in step.
 */
import { hash } from 'node:crypto';
import { ALGORITHM_V1 } from './types.js';

export interface TicketScope {
  seed: string;
  planId: string;
  period: string;
  taskId: string;
  /** the algorithm version that starts every input; default shuangsui-draw/1 (v1 tests and tools) */
  version?: string;
}

const v = (s: TicketScope) => s.version ?? ALGORITHM_V1;

/** `<version>|employer|<seed>|<plan id>|<period label>|<task id>|<uscc>` */
export function ticketInput(s: TicketScope, uscc: string): string {
  return `${ticketPrefix(s)}${uscc}`;
}

export function ticketPrefix(s: TicketScope): string {
  return `${v(s)}|employer|${s.seed}|${s.planId}|${s.period}|${s.taskId}|`;
}

/** `<version>|team|<seed>|<plan id>|<period label>|<task id>|<uscc>|<pick>`, pick = 0, 1, 2 … */
export function teamInput(s: TicketScope, uscc: string, pick: number): string {
  return `${teamPrefix(s)}${uscc}|${pick}`;
}

/** What every team ticket input of a task starts with: teamInput(s, uscc, pick) = teamPrefix(s) + uscc + '|' + pick. */
export function teamPrefix(s: TicketScope): string {
  return `${v(s)}|team|${s.seed}|${s.planId}|${s.period}|${s.taskId}|`;
}

/** `<version>|stratum|<seed>|<plan id>|<period label>|<task id>|<stratum name>`: v1 Hamilton tie-break, v2 order of the strata on the line */
export function stratumInput(s: TicketScope, stratum: string): string {
  return `${v(s)}|stratum|${s.seed}|${s.planId}|${s.period}|${s.taskId}|${stratum}`;
}

/** v2: `shuangsui-draw/2|start|<seed>|<plan id>|<period label>|<task id>`: the start of the task's systematic sample */
export function startInput(s: TicketScope): string {
  return `${v(s)}|start|${s.seed}|${s.planId}|${s.period}|${s.taskId}`;
}

/** The ticket's SHA-256 as a 'binary' (latin1) string, one character a byte: the cheapest form Node hands a digest back in. */
export function ticketDigest(input: string): string {
  return hash('sha256', input, 'binary');
}

export function ticketHex(input: string): string {
  return hash('sha256', input, 'hex');
}

/** u = (the first 13 hex digits (52 bits) as an integer + 0.5) / 2^52: strictly inside (0,1), exact in a double */
export function ticketUnit(hex: string): number {
  return (parseInt(hex.slice(0, 13), 16) + 0.5) / 4503599627370496;
}

/**
 * ticketUnit(ticketHex(input)) without the hex digits: the first 52 bits of the digest, read from its
 * bytes (a 'binary' (latin1) string is the cheapest form Node hands a digest back in; a Buffer costs twice the time).
 */
export function ticketUnitOf(input: string): number {
  return unitOfDigest(ticketDigest(input));
}

/**
 * u of a digest given as a 'binary' (latin1) string. Self-contained (it uses nothing from outside
 * its body): the I/O layer's ticket worker runs this very function from its source text.
 */
export function unitOfDigest(d: string): number {
  const top48 = ((((d.charCodeAt(0) * 256 + d.charCodeAt(1)) * 256 + d.charCodeAt(2)) * 256 + d.charCodeAt(3)) * 256 + d.charCodeAt(4)) * 256 + d.charCodeAt(5);
  return (top48 * 16 + (d.charCodeAt(6) >>> 4) + 0.5) / 4503599627370496;
}

/**
 * v2 orders a stratum's units by their tickets (docs/algorithm.md 11.3: u, then the full hex), which is
 * the ascending order of the 32 digest bytes. The draw keeps of each row only the first 4 of them (half
 * of u's Float64: 40 MB at 10^7 rows) and orders rows whose first 4 bytes are equal by their full
 * digests, computed again (v2.ts ticketOrder). v1 needs u's value (its Pareto keys) and keeps u.
 */
export function ticketKeyOf(input: string): number {
  return keyOfDigest(ticketDigest(input));
}

/** The first 4 bytes of a digest given as a 'binary' string, as an unsigned integer. Self-contained, as unitOfDigest. */
export function keyOfDigest(d: string): number {
  return ((d.charCodeAt(0) << 24) | (d.charCodeAt(1) << 16) | (d.charCodeAt(2) << 8) | d.charCodeAt(3)) >>> 0;
}

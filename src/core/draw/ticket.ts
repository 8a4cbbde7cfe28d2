/**
 * Tickets: the only source of randomness of a draw. Each is SHA-256 over the UTF-8 bytes of a
 * `|`-separated string that starts with the algorithm version, so anyone can recompute one with
 * `printf '%s' '<input>' | sha256sum`. docs/algorithm.md is the specification; keep them in step.
 */
import { hash } from 'node:crypto';
import { ALGORITHM_VERSION } from './types.js';

export interface TicketScope {
  seed: string;
  planId: string;
  period: string;
  taskId: string;
}

/** `shuangsui-draw/1|employer|<seed>|<plan id>|<period label>|<task id>|<uscc>` */
export function ticketInput(s: TicketScope, uscc: string): string {
  return `${ticketPrefix(s)}${uscc}`;
}

export function ticketPrefix(s: TicketScope): string {
  return `${ALGORITHM_VERSION}|employer|${s.seed}|${s.planId}|${s.period}|${s.taskId}|`;
}

/** `shuangsui-draw/1|team|<seed>|<plan id>|<period label>|<task id>|<uscc>|<pick>`, pick = 0, 1, 2 … */
export function teamInput(s: TicketScope, uscc: string, pick: number): string {
  return `${ALGORITHM_VERSION}|team|${s.seed}|${s.planId}|${s.period}|${s.taskId}|${uscc}|${pick}`;
}

/** `shuangsui-draw/1|stratum|<seed>|<plan id>|<period label>|<task id>|<stratum name>`: the Hamilton tie-break */
export function stratumInput(s: TicketScope, stratum: string): string {
  return `${ALGORITHM_VERSION}|stratum|${s.seed}|${s.planId}|${s.period}|${s.taskId}|${stratum}`;
}

export function ticketHex(input: string): string {
  return hash('sha256', input, 'hex');
}

/** u = (the first 13 hex digits (52 bits) as an integer + 0.5) / 2^52: strictly inside (0,1), exact in a double */
export function ticketUnit(hex: string): number {
  return (parseInt(hex.slice(0, 13), 16) + 0.5) / 4503599627370496;
}

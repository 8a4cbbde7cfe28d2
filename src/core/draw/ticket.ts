import { createHash } from 'node:crypto';
import { ALGORITHM_VERSION } from './types.js';
/** UTF-8 of `shuangsui-draw/1|employer|<seed>|<plan id>|<period label>|<task id>|<uscc>` */
export function ticketInput(seed: string, planId: string, period: string, taskId: string, uscc: string): string {
  return `${ALGORITHM_VERSION}|employer|${seed}|${planId}|${period}|${taskId}|${uscc}`;
}
export function teamInput(seed: string, planId: string, period: string, taskId: string, uscc: string, pick: number): string {
  return `${ALGORITHM_VERSION}|team|${seed}|${planId}|${period}|${taskId}|${uscc}|${pick}`;
}
export function ticketHex(input: string): string {
  return createHash('sha256').update(input, 'utf8').digest('hex');
}
/** (first 52 bits as an integer + 0.5) / 2^52: strictly inside (0,1) */
export function ticketUnit(hex: string): number {
  return (parseInt(hex.slice(0, 13), 16) + 0.5) / 2 ** 52;
}

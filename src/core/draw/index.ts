export * from './types.js';
export { parsePlan } from './plan.js';
export { parsePeriod, PeriodError, type PeriodFault } from './period.js';
export { draw } from './draw.js';
export { explain } from './explain.js';
export { ticketInput, ticketHex, ticketUnit, teamInput } from './ticket.js';

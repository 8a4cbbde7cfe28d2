import type { Command } from 'commander';
import type { Ctx } from '../../context.js';
import { m } from '../../i18n/index.js';
import { registerAll } from './all.js';
import { registerAnnualReport } from './annual-report.js';
import { registerCases } from './cases.js';
import { registerDeadlines } from './deadlines.js';
import { registerDraws } from './draws.js';
import { registerRoster } from './roster.js';

/** `check`: one file per subcommand, registered in the order help lists them. */
export function registerCheck(program: Command, ctx: Ctx): void {
  const check = program.command('check').description(m().check.description);
  registerDeadlines(check, ctx);
  registerRoster(check, ctx);
  registerDraws(check, ctx);
  registerCases(check, ctx);
  registerAnnualReport(check, ctx);
  registerAll(check, ctx);
}

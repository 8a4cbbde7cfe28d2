import { m } from '../../i18n/index.js';
import { common, described, opt, type OptionsOf } from './options.js';

/**
 * The options of `draw`, which are also what the draw pipeline reads (verify --demo hands it
 * { demo, seed }). One table: commander's flags and help, the DrawOptions type, the parsers.
 */
export const DRAW_OPTIONS = [
  opt({ flags: '--employers <file>', key: 'employers', description: () => m().drawCli.opt.employers }),
  opt({ flags: '--inspectors <file>', key: 'inspectors', description: () => m().drawCli.opt.inspectors }),
  opt({ flags: '--plan <file>', key: 'plan', description: () => m().drawCli.opt.plan }),
  opt({ flags: '--period <period>', key: 'period', description: () => m().drawCli.opt.period }),
  opt({ flags: '--seed <seed>', key: 'seed', description: () => m().drawCli.opt.seed }),
  opt({ flags: '--out <dir>', key: 'out', description: () => m().drawCli.opt.out }),
  described(common.asOf, () => m().drawCli.opt.asOf),
  opt({ flags: '--ledger <file>', key: 'ledger', description: () => m().drawCli.opt.ledger }),
  opt({ flags: '--dry-run', key: 'dryRun', description: () => m().drawCli.opt.dryRun }),
  opt({ flags: '--explain <id>', key: 'explain', description: () => m().drawCli.opt.explain }),
  opt({ flags: '--interactive', key: 'interactive', description: () => m().drawCli.opt.interactive }),
  common.json,
  opt({ flags: '--redraw', key: 'redraw', description: () => m().drawCli.opt.redraw }),
  opt({ flags: '--reason <text>', key: 'reason', description: () => m().drawCli.opt.reason }),
  common.force,
  common.encoding,
  common.outEncoding,
  common.lenient,
  common.sheet,
  common.format,
  opt({ flags: '--allow-empty', key: 'allowEmpty', description: () => m().txn.optAllowEmpty }),
  // a plan filter value matching no employer is a warning, not exit 2
  opt({ flags: '--allow-unmatched', key: 'allowUnmatched', description: () => m().input.allowUnmatchedOpt }),
  common.demo,
  // the algorithm version for a new draw (default: the newest); earlier versions stay for re-making old draws
  opt({ flags: '--algorithm <version>', key: 'algorithm', description: () => m().drawCli.opt.algorithm }),
] as const;

export type DrawOptions = OptionsOf<typeof DRAW_OPTIONS>;

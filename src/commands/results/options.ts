import { m } from '../../i18n/index.js';
import { common, described, opt, type OptionsOf } from '../shared/options.js';

const t = () => m().results;

const resultsRules = opt({ flags: '--results-rules <file>', key: 'resultsRules', description: () => t().optResultsRules });

export const TEMPLATE_OPTIONS = [
  described(common.format, () => t().optFormat),
  opt({ flags: '--out <file>', key: 'out', description: () => t().optTemplateOut }),
  common.outEncoding,
  resultsRules,
  common.force,
] as const;

/** What `results check` and `results publish` both read. */
const CHECK_BASE = [
  opt({ flags: '--results <file>', key: 'results', description: () => t().optResults }),
  described(common.asOf, () => t().optAsOf),
  opt({ flags: '--inspectors <file>', key: 'inspectors', description: () => t().optInspectors }),
  opt({ flags: '--ledger <file>', key: 'ledger', description: () => t().optLedger }),
  resultsRules,
  common.encoding,
  common.sheet,
] as const;

export const CHECK_OPTIONS = [...CHECK_BASE, common.json] as const;

export const PUBLISH_OPTIONS = [
  ...CHECK_BASE,
  opt({ flags: '--out <dir>', key: 'out', description: () => t().optPublishOut }),
  opt({ flags: '--republish', key: 'republish', description: () => t().optRepublish }),
  opt({ flags: '--reason <text>', key: 'reason', description: () => t().optReason }),
  common.force,
  common.outEncoding,
] as const;

export type CheckOptions = OptionsOf<typeof CHECK_BASE>;
export type PublishOptions = OptionsOf<typeof PUBLISH_OPTIONS>;

import { publicationRows, RESULTS_PUBLICATION_COLUMNS, type RegisterRow } from '../../core/results/register.js';
import { formatCsv } from '../../io/csv.js';
import { periodText } from '../../io/draw-outputs.js';
import type { OutputEncoding } from '../../io/encoding.js';
import type { DrawFolder } from '../../io/results.js';

/** The files of a results publication: `results publish` writes them, `verify` rebuilds and compares them. */
export const RESULTS_PUBLICATION = 'results-publication.csv';
export const RESULTS_MANIFEST = 'results-manifest.json';
export const ARCHIVED_REGISTER = 'register.csv';
/** a workbook register is archived as it was filled, under this name */
export const ARCHIVED_REGISTER_XLSX = 'register.xlsx';
export const ARCHIVED_RULES = 'results-rules.yaml';

/** The public table's bytes: verify rebuilds them with this same function. */
export function publicationBytes(r: { folder: DrawFolder; register: { rows: readonly RegisterRow[] } }, enc: OutputEncoding): Buffer {
  const rows = publicationRows(r.folder.drawn, r.register.rows, r.folder.plan.office, periodText(r.folder.period));
  return formatCsv([...RESULTS_PUBLICATION_COLUMNS], rows, enc, RESULTS_PUBLICATION);
}

import type { ResultsSummary } from './register.js';

/**
 * results-manifest.json: what a results publication was made from, so that anyone can rebuild the
 * public table from the archived register and the draw folder and compare it byte for byte.
 * Fixed key order: the same publication gives the same bytes except for created_at.
 */
export interface ResultsManifest {
  tool: 'shuangsui';
  kind: 'results';
  tool_version: string;
  plan_id: string;
  plan_year: number;
  period: string;
  office: string;
  /** the draw folder, relative to this manifest's folder (with /) */
  draw: { dir: string; manifest_sha256: string; ledger_seq: number; line_sha256: string };
  /** archived copies in this folder: the register as filled and the results rules it was read with */
  register: { path: string; sha256: string; sheet?: string; sheet_position?: number };
  results_rules: { path: string; sha256: string };
  out_encoding: string;
  outputs: Record<string, string>;
  published_on: string;
  summary: ResultsSummary;
  ledger_seq: number;
  prev_ledger_hash: string;
  republish: boolean;
  reason: string | null;
  created_at: string;
}

export function serialiseResultsManifest(x: ResultsManifest): string {
  const ordered: ResultsManifest = {
    tool: 'shuangsui',
    kind: 'results',
    tool_version: x.tool_version,
    plan_id: x.plan_id,
    plan_year: x.plan_year,
    period: x.period,
    office: x.office,
    draw: { dir: x.draw.dir, manifest_sha256: x.draw.manifest_sha256, ledger_seq: x.draw.ledger_seq, line_sha256: x.draw.line_sha256 },
    // a workbook register records the sheet it was read from: verify reads the same one (by position,
    // which no sheet name can be mistaken for)
    register: {
      path: x.register.path,
      sha256: x.register.sha256,
      ...(x.register.sheet === undefined ? {} : { sheet: x.register.sheet, sheet_position: x.register.sheet_position }),
    },
    results_rules: { path: x.results_rules.path, sha256: x.results_rules.sha256 },
    out_encoding: x.out_encoding,
    outputs: Object.fromEntries(Object.keys(x.outputs).sort().map((k) => [k, x.outputs[k]!])),
    published_on: x.published_on,
    summary: x.summary,
    ledger_seq: x.ledger_seq,
    prev_ledger_hash: x.prev_ledger_hash,
    republish: x.republish,
    reason: x.reason,
    created_at: x.created_at,
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

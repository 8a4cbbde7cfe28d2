import { parseCsvText } from './csv.js';
import { decodeText, type DetectedEncoding } from './encoding.js';

/**
 * Whether a published CSV that no longer matches byte for byte was only re-saved: the same cells
 * in other bytes (Excel/WPS "另存为" drops or adds the BOM, turns CRLF into LF, re-encodes as GBK,
 * adds or drops the final newline, changes which cells are quoted). verify still fails (exit 1: the
 * published bytes are what the manifest records), but it says that the content is intact and what
 * changed, instead of an empty list of differences.
 */
export type ResaveChange = 'encoding' | 'bom' | 'lineEndings' | 'finalNewline' | 'quoting';

export interface Resave {
  changes: ResaveChange[];
  expectedEncoding: DetectedEncoding;
  foundEncoding: DetectedEncoding;
}

function decode(b: Buffer): { text: string; encoding: DetectedEncoding } | null {
  try {
    return decodeText(b, 'auto', '');
  } catch {
    return null;
  }
}

const eolOf = (s: string) => (s.includes('\r\n') ? 'crlf' : s.includes('\n') ? 'lf' : s.includes('\r') ? 'cr' : 'none');
const unify = (s: string) => s.replace(/\r\n|\r/g, '\n').replace(/\n+$/, '');

/** null when the two files differ in content (or either cannot be read as CSV). */
export function onlyResaved(expected: Buffer, found: Buffer): Resave | null {
  if (expected.equals(found)) return null;
  const a = decode(expected);
  const b = decode(found);
  if (!a || !b) return null;
  const changes: ResaveChange[] = [];
  const base = (e: DetectedEncoding) => (e === 'utf8-bom' ? 'utf8' : e);
  if (base(a.encoding) !== base(b.encoding)) changes.push('encoding');
  if ((a.encoding === 'utf8-bom') !== (b.encoding === 'utf8-bom') && base(a.encoding) === base(b.encoding)) changes.push('bom');
  const ea = eolOf(a.text);
  const eb = eolOf(b.text);
  if (ea !== eb && ea !== 'none' && eb !== 'none') changes.push('lineEndings');
  if (/[\r\n]$/.test(a.text) !== /[\r\n]$/.test(b.text)) changes.push('finalNewline');
  if (unify(a.text) !== unify(b.text)) {
    // the text differs beyond line endings: the same cells, quoted differently, is still a re-save
    try {
      const x = parseCsvText(a.text, 'expected');
      const y = parseCsvText(b.text, 'found');
      const same = (p: string[][], q: string[][]) => p.length === q.length && p.every((r, i) => r.length === q[i]!.length && r.every((c, j) => c === q[i]![j]));
      if (!same([x.header, ...x.rows.map((r) => r.cells)], [y.header, ...y.rows.map((r) => r.cells)])) return null;
      changes.push('quoting');
    } catch {
      return null;
    }
  }
  return changes.length ? { changes, expectedEncoding: a.encoding, foundEncoding: b.encoding } : null;
}

import iconv from 'iconv-lite';
import { InputError, UsageError } from '../errors.js';
import { m } from '../i18n/index.js';

/**
 * Excel and WPS on Chinese Windows save "CSV" in GBK (really the GB18030 superset);
 * newer ones write UTF-8 with a BOM. We accept both without asking.
 * iconv-lite: Node's TextDecoder can read GB18030 but nothing in Node can write GBK.
 */
export type InputEncoding = 'auto' | 'utf8' | 'gbk' | 'gb18030';
export type OutputEncoding = 'utf8' | 'gbk' | 'gb18030';
export type DetectedEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'gb18030' | 'gbk';

export function parseInputEncoding(raw: string | undefined): InputEncoding {
  const v = (raw ?? 'auto').toLowerCase().replace(/[-_]/g, '');
  if (v === 'auto' || v === 'utf8' || v === 'gbk' || v === 'gb18030') return v;
  if (v === 'gb2312' || v === 'cp936') return 'gbk';
  throw new UsageError(m().io.unknownEncoding(raw ?? ''));
}

export function parseOutputEncoding(raw: string | undefined): OutputEncoding {
  const v = parseInputEncoding(raw ?? 'utf8');
  return v === 'auto' ? 'utf8' : v;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Where the first invalid UTF-8 sequence starts, or -1; and how many valid multi-byte sequences come before and after. */
export function utf8Damage(bytes: Uint8Array): { first: number; valid: number; invalid: number } {
  let first = -1;
  let valid = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) ok = false;
    // overlong and surrogate forms, as TextDecoder refuses them
    if (ok && len === 3 && ((b === 0xe0 && bytes[i + 1]! < 0xa0) || (b === 0xed && bytes[i + 1]! > 0x9f))) ok = false;
    if (ok && len === 4 && ((b === 0xf0 && bytes[i + 1]! < 0x90) || (b === 0xf4 && bytes[i + 1]! > 0x8f))) ok = false;
    if (ok) {
      valid++;
      i += len;
    } else {
      if (first < 0) first = i;
      invalid++;
      i++;
    }
  }
  return { first, valid, invalid };
}

/** The editor line and the byte within it at a byte offset (CRLF, CR and LF each end a line). */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; byte: number; hex: string } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const hex = Array.from(bytes.subarray(offset, offset + 4), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return { line, byte: offset - lineStart + 1, hex };
}

/** The editor line of the first U+FFFD a lenient decoder put in place of bytes it could not read. */
function lineOfReplacement(text: string): number | null {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return null;
  return text.slice(0, at).split(/\r\n|\r|\n/).length;
}

function located(file: string, line: number, message: string): InputError {
  return new InputError(message, [{ file, line, message }]);
}

/**
 * Bytes to text. Auto-detection: a UTF-8 or UTF-16 BOM says what the file is; otherwise valid UTF-8
 * is UTF-8, and text that is mostly not UTF-8 is GBK (GB18030, its superset, decodes every GBK file
 * identically). A file that is UTF-8 except for some bytes (one row pasted from a GBK file, one
 * damaged byte) is not guessed at: the first bad byte is named by line, so the header does not turn
 * to mojibake and the person is not told that columns are missing.
 */
export function decodeText(bytes: Uint8Array, forced: InputEncoding, file: string): { text: string; encoding: DetectedEncoding } {
  const t = m().input;
  const utf8 = (body: Uint8Array, offset: number, bom: boolean): string => {
    try {
      return utf8Fatal.decode(body);
    } catch {
      const d = utf8Damage(body);
      const p = bytePosition(bytes, d.first + offset);
      if (bom) throw located(file, p.line, t.bomThenGbk(p.line, p.byte, p.hex));
      if (forced === 'utf8') throw located(file, p.line, t.notUtf8Forced(p.line, p.byte, p.hex));
      throw located(file, p.line, t.notUtf8At(p.line, p.byte, p.hex));
    }
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && forced !== 'gbk' && forced !== 'gb18030') {
    return { text: utf8(bytes.subarray(3), 3, true), encoding: 'utf8-bom' };
  }
  if (forced === 'auto' && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    const bad = lineOfReplacement(text);
    if (bad !== null || (bytes.length - 2) % 2 !== 0) {
      const line = bad ?? text.split(/\r\n|\r|\n/).length;
      throw located(file, line, t.notUtf16At(line));
    }
    return { text, encoding: le ? 'utf16le' : 'utf16be' };
  }
  const gb = (enc: 'gbk' | 'gb18030'): { text: string; encoding: DetectedEncoding } => {
    const text = iconv.decode(Buffer.from(bytes), 'gb18030');
    const bad = lineOfReplacement(text);
    if (bad !== null) throw located(file, bad, t.notGbkAt(bad, enc.toUpperCase()));
    return { text, encoding: enc };
  };
  if (forced === 'gbk' || forced === 'gb18030') return gb(forced);
  try {
    return { text: utf8Fatal.decode(bytes), encoding: 'utf8' };
  } catch {
    if (forced === 'utf8') return { text: utf8(bytes, 0, false), encoding: 'utf8' };
    // Mostly UTF-8 with some bad bytes: a damaged UTF-8 file, not a GBK one.
    const d = utf8Damage(bytes);
    if (d.valid > d.invalid) return { text: utf8(bytes, 0, false), encoding: 'utf8' };
    // Not UTF-8: on a Chinese office machine that means GBK.
    return gb('gb18030');
  }
}

/** Can this text be written in the encoding without loss? UTF-8 and GB18030 cover all of Unicode. */
export function encodable(text: string, enc: OutputEncoding): boolean {
  if (enc !== 'gbk') return true;
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
}

/** UTF-8 gets a BOM so that Excel/WPS recognise it; GBK/GB18030 have none. */
export function encodeText(text: string, enc: OutputEncoding): Buffer {
  if (enc === 'utf8') {
    // written in place after the BOM: a batch's output is tens of MB, and concat would copy it again
    const buf = Buffer.allocUnsafe(3 + Buffer.byteLength(text, 'utf8'));
    buf[0] = 0xef;
    buf[1] = 0xbb;
    buf[2] = 0xbf;
    buf.write(text, 3, 'utf8');
    return buf;
  }
  if (enc === 'gbk' && !encodable(text, 'gbk')) {
    const bad = [...text].find((ch) => !encodable(ch, 'gbk')) ?? '';
    throw new InputError(m().input.unencodableOut(bad, 'GBK'));
  }
  return iconv.encode(text, enc);
}

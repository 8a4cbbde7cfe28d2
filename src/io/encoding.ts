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

export function decodeText(bytes: Uint8Array, forced: InputEncoding, file: string): { text: string; encoding: DetectedEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && forced !== 'gbk' && forced !== 'gb18030') {
    return { text: utf8Fatal.decode(bytes.subarray(3)), encoding: 'utf8-bom' };
  }
  if (forced === 'auto' && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf16le' };
  }
  if (forced === 'auto' && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf16be' };
  }
  if (forced === 'gbk' || forced === 'gb18030') {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: forced };
  }
  try {
    return { text: utf8Fatal.decode(bytes), encoding: 'utf8' };
  } catch {
    if (forced === 'utf8') throw new InputError(m().io.notUtf8(file));
    // Not UTF-8: on a Chinese office machine that means GBK. GB18030 decodes every GBK file identically.
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

/** Can this text be written in the encoding without loss? UTF-8 and GB18030 cover all of Unicode. */
export function encodable(text: string, enc: OutputEncoding): boolean {
  if (enc !== 'gbk') return true;
  return iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text;
}

/** UTF-8 gets a BOM so that Excel/WPS recognise it; GBK/GB18030 have none. */
export function encodeText(text: string, enc: OutputEncoding): Buffer {
  if (enc === 'utf8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (enc === 'gbk' && !encodable(text, 'gbk')) {
    const bad = [...text].find((ch) => !encodable(ch, 'gbk')) ?? '';
    throw new InputError(m().io.unencodable(bad, 'GBK'));
  }
  return iconv.encode(text, enc);
}

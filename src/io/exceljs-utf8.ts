import { createRequire, Module } from 'node:module';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * exceljs 4.4's streaming reader decodes each zip chunk to text on its own
 * (lib/utils/parse-sax.js: `saxesParser.write(bufferToString(chunk))`), so a CJK character whose
 * three UTF-8 bytes straddle a chunk boundary becomes U+FFFD: "服务有限公司" was read as
 * "服务\uFFFD\uFFFD\uFFFD限公司" in the demo directory's twin, and a draw on the workbook differed from
 * the same draw on the CSV. The fix is one stateful decoder per parsed entry, which carries the
 * partial character into the next chunk. Every exceljs reader requires '../../utils/parse-sax',
 * so the fixed generator is put into the require cache under that module's file name before
 * exceljs itself is loaded. test/e2e/xlsx-input.test.ts (the demo twin) fails without it.
 */
export function installUtf8SafeSax(): void {
  const require = createRequire(import.meta.url);
  const file = require.resolve('exceljs/lib/utils/parse-sax.js');
  if (require.cache[file]?.loaded) return;
  const { SaxesParser } = createRequire(file)('saxes') as { SaxesParser: new () => SaxesLike };
  async function* parseSax(iterable: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
    let source: AsyncIterable<Buffer | string> = iterable;
    // exceljs passes old-style streams too; a PassThrough gives them an async iterator
    if (typeof iterable.pipe === 'function' && !(Symbol.asyncIterator in iterable)) source = (iterable as unknown as NodeJS.ReadableStream).pipe(new PassThrough());
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on('error', (e) => (error = e));
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of source) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  }
  const mod = new Module(file);
  mod.filename = file;
  mod.loaded = true;
  mod.exports = parseSax;
  require.cache[file] = mod;
}

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

interface SaxesLike {
  on(event: 'error' | 'opentag' | 'text' | 'closetag', fn: (value: unknown) => void): void;
  write(text: string): void;
}

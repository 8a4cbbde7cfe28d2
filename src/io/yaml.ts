import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { m } from '../i18n/index.js';
import { decodeText } from './encoding.js';
import { readInputFile } from './files.js';

export type YamlPath = (string | number)[];

/** A parsed YAML file that can say on which line any key or value stands. */
export interface YamlSource {
  file: string;
  data: unknown;
  bytes: Buffer;
  /** 1-based line of the value at path, or of the nearest ancestor that exists */
  lineOf(path: YamlPath): number | undefined;
  /** 1-based line of the key (not the value) at path: where "unknown key" errors point */
  keyLineOf(path: YamlPath): number | undefined;
  /** a Problem located at path, with the key path written as tasks[2].size */
  problem(path: YamlPath, message: string, value?: unknown): Problem;
}

export function formatYamlPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function parseYamlText(text: string, file: string, bytes: Buffer = Buffer.from(text)): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => ({
      file,
      line: lineCounter.linePos(e.pos[0]).line,
      message: m().io.yamlSyntax(e.message.split('\n')[0]!),
    }));
    throw new InputError(problems[0]!.message, problems);
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const nodeAt = (path: YamlPath): Node | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = (doc as Document).getIn(path.slice(0, n), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return node;
      if (n === 0) return doc.contents ?? undefined;
    }
    return undefined;
  };
  const keyLineOf = (path: YamlPath): number | undefined => {
    if (path.length === 0) return 1;
    const parent = (doc as Document).getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(last)) {
          return lineAt(pair.key.range?.[0]);
        }
      }
    }
    return lineAt(nodeAt(path)?.range?.[0]);
  };
  const src: YamlSource = {
    file,
    bytes,
    data: doc.toJS({ maxAliasCount: 100 }),
    lineOf: (path) => lineAt(nodeAt(path)?.range?.[0]),
    keyLineOf,
    problem: (path, message, value) => ({
      file,
      line: keyLineOf(path),
      key: formatYamlPath(path),
      value: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
      message,
    }),
  };
  return src;
}

export async function loadYamlFile(file: string): Promise<YamlSource> {
  const bytes = await readInputFile(file);
  // Notepad on Chinese Windows saves "ANSI", i.e. GBK: read it as the CSV files are read, not as mojibake
  const { text } = decodeText(bytes, 'auto', file);
  return parseYamlText(text, file, bytes);
}

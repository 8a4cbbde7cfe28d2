import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node, type YAMLError } from 'yaml';
import { InputError, type Problem } from '../errors.js';
import { showYamlValue } from '../core/values.js';
import { m } from '../i18n/index.js';
import { problemText } from '../ui/problem-text.js';
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

/** Aliases a file may expand (a "billion laughs" file expands a few into billions of nodes). */
const MAX_ALIASES = 100;
/** Nesting deeper than any plan, rule or calendar needs; deeper is a damaged or hostile file. */
const MAX_DEPTH = 64;

/** The yaml package's message, in the person's language, with the usual cause when the line shows one. */
function syntaxProblem(e: YAMLError, text: string, lineCounter: LineCounter, file: string): Problem {
  const { line, col } = lineCounter.linePos(e.pos[0]);
  const t = m().input;
  const known = (t.yamlCodes as Record<string, string>)[e.code];
  const detail = known ?? e.message.split('\n')[0]!;
  const hint = yamlHint(text.split(/\r\n|\r|\n/)[line - 1] ?? '', e.code);
  const message = m().io.yamlSyntax(`${t.yamlAt(line, col)}${detail}${hint ? `${t.yamlHintSep}${hint}` : ''}`);
  return { file, line, message };
}

/** The mistakes people make typing YAML in a Chinese input method, recognised on the line itself. */
export function yamlHint(lineText: string, code?: string): string | null {
  const t = m().input;
  const body = lineText.replace(/\s+#.*$/, '');
  if (/^\s*\t/.test(lineText) || code === 'TAB_AS_INDENT') return t.yamlHintTab;
  if (/^[^"'#]*：/.test(body)) return t.yamlHintFullColon;
  if (/^[^"'#]*，/.test(body) && code !== 'DUPLICATE_KEY') return t.yamlHintFullComma;
  if (/^\s*(-\s+)?[^\s#"'{[][^:#]*:[^\s/:]/.test(body)) return t.yamlHintColonSpace;
  return null;
}

/** Depth of nested collections, without recursion (a hostile file must not overflow the stack). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_DEPTH) break;
    if (v && typeof v === 'object') for (const x of Object.values(v as object)) stack.push([x, d + 1]);
  }
  return max;
}

export function parseYamlText(text: string, file: string, bytes: Buffer = Buffer.from(text)): YamlSource {
  const lineCounter = new LineCounter();
  const t = m().input;
  const limit = (message: string) => new InputError(message, [{ file, message }]);
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    // deep nesting can exhaust the parser's own stack
    if (e instanceof RangeError) throw limit(t.yamlTooDeep(MAX_DEPTH));
    throw e;
  }
  if (doc.errors.length) {
    // one damaged line sets off several parser errors; the first says it best
    const problems: Problem[] = [];
    for (const e of doc.errors) {
      const p = syntaxProblem(e, text, lineCounter, file);
      if (!problems.some((q) => q.line === p.line)) problems.push(p);
    }
    throw new InputError(problemText(problems[0]!), problems);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    if (e instanceof RangeError) throw limit(t.yamlTooDeep(MAX_DEPTH));
    // the yaml package throws a ReferenceError for too many aliases and for an unknown one
    if (e instanceof ReferenceError) throw limit(/alias count/i.test(e.message) ? t.yamlAliasBomb(MAX_ALIASES) : t.yamlBadAlias(e.message));
    throw e;
  }
  if (depthOf(data) > MAX_DEPTH) throw limit(t.yamlTooDeep(MAX_DEPTH));
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
    data,
    lineOf: (path) => lineAt(nodeAt(path)?.range?.[0]),
    keyLineOf,
    problem: (path, message, value) => ({
      file,
      line: keyLineOf(path),
      key: formatYamlPath(path),
      value: value === undefined ? undefined : showYamlValue(value),
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

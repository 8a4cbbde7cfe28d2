import { readFileSync } from 'node:fs';

/**
 * The tool's version as package.json states it; recorded in every manifest, so verify can say which
 * release made a folder. The file is looked for upwards from this module, which runs from src/ (tests),
 * dist/ or dist/bundle/ (scripts/bundle.js), each at its own depth.
 */
export const TOOL_VERSION: string = packageVersion();

function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    let text: string | null = null;
    try {
      text = readFileSync(new URL('package.json', dir), 'utf8');
    } catch {
      // not here: one folder up
    }
    if (text !== null) {
      const pkg = JSON.parse(text) as { name?: string; version?: string };
      if (pkg.name === 'shuangsui' && typeof pkg.version === 'string') return pkg.version;
    }
    if (new URL('../', dir).href === dir.href) throw new Error('shuangsui: its package.json was not found above ' + import.meta.url);
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * An office folder built from an object literal, removed when the test finishes:
 * officeDir({ 'decisions.csv': '案号,…\n', 'penalty/overtime.yaml': … }). What a test reads is
 * visible in the test. Only inside a test (onTestFinished); a beforeAll uses tempDir.
 */
export function officeDir(files: Record<string, string | Uint8Array> = {}, prefix = 'shuangsui-office-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  return dir;
}

import { describe, expect, it } from 'vitest';
import { runMain } from '../support/main.js';

describe('draw --dry-run tells the truth about its seed', () => {
  it('does not claim a generated seed was recorded when nothing is written', async () => {
    const dry = await runMain(['draw', '--demo', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('此种子未记录');
    expect(dry.stdout).not.toContain('已记录在 manifest.json');
    const real = await runMain(['draw', '--demo']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('已记录在 manifest.json 和台账中');
  });
});

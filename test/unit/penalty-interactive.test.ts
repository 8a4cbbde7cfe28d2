import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runInteractive, type Prompts } from '../../src/commands/penalty/interactive.js';
import { createUi } from '../../src/ui/ui.js';
import type { Ctx } from '../../src/context.js';
import { loadRuleSet } from '../../src/io/rules.js';
import { tempDir } from '../support/cli.js';

function sink() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

/** Scripted answers keyed by the start of the prompt message; validators are exercised on the way. */
function scripted(answers: Record<string, string>, seen: { validations: (string | boolean)[]; searched: string[] }): Prompts {
  const pick = (message: string) => {
    const key = Object.keys(answers).find((k) => message.startsWith(k));
    return key === undefined ? '' : answers[key]!;
  };
  return {
    search: async (cfg) => {
      const hits = await cfg.source('延长');
      seen.searched = hits.map((h) => h.value);
      return pick(cfg.message) || hits[0]!.value;
    },
    select: async (cfg) => {
      const a = pick(cfg.message);
      return a !== '' ? a : (cfg.default ?? cfg.choices[cfg.choices.length - 1]!.value);
    },
    input: async (cfg) => {
      const a = pick(cfg.message);
      if (cfg.validate) {
        seen.validations.push(cfg.validate('不是数字'));
        expect(cfg.validate(a === '' ? (cfg.default ?? '') : a)).toBe(true);
      }
      return a !== '' ? a : (cfg.default ?? '');
    },
    confirm: async () => true,
  };
}

describe('penalty --interactive flow (prompts injected)', () => {
  it('searches by Chinese name, validates each fact by type, shows the result, saves the case', async () => {
    const set = await loadRuleSet();
    const out = sink();
    const err = sink();
    const dir = tempDir();
    const ctx: Ctx = {
      ui: createUi({ stdout: out.stream, stderr: err.stream, stdinIsTTY: true, env: { NO_COLOR: '1' }, noColor: true }),
      debug: false,
      cwd: dir,
      env: {},
      now: new Date('2026-01-05T02:00:00Z'),
      exitCode: 0,
    };
    const seen = { validations: [] as (string | boolean)[], searched: [] as string[] };
    const code = await runInteractive(
      ctx,
      set,
      scripted({ '选择违法行为': 'overtime', 当事人类型: 'org', 受侵害的劳动者人数: '12', 处罚决定日期: '2026-01-05', 保存到文件: 'case.yaml' }, seen),
      '2026-01-05',
    );
    expect(code).toBe(0);
    expect(seen.searched).toEqual(['overtime']);
    // the integer fact refused text with a message saying what was expected
    expect(seen.validations.some((v) => typeof v === 'string' && v.includes('非负整数'))).toBe(true);
    expect(out.text()).toContain('12人 × 200–350元 = 2,400–4,200元');
    const saved = parse(readFileSync(path.join(dir, 'case.yaml'), 'utf8'));
    expect(saved).toMatchObject({ rule: 'overtime', party: 'org', facts: { affected_workers: '12', decision_date: '2026-01-05' } });
  });

  it('preselects nothing that changes the legal result: an unanswered question is "not given"', async () => {
    const set = await loadRuleSet();
    const out = sink();
    const ctx: Ctx = {
      ui: createUi({ stdout: out.stream, stderr: sink().stream, stdinIsTTY: true, env: { NO_COLOR: '1' }, noColor: true }),
      debug: false,
      cwd: tempDir(),
      env: {},
      now: new Date('2026-01-05T02:00:00Z'),
      exitCode: 0,
    };
    const selects: { message: string; first: string; default?: string }[] = [];
    const p: Prompts = {
      search: async () => 'obstruction',
      // Enter on every question: whatever the cursor starts on
      select: async (cfg) => {
        selects.push({ message: cfg.message, first: cfg.choices[0]!.value, default: cfg.default });
        if (cfg.message.startsWith('当事人类型')) return 'org';
        if (cfg.message.startsWith('违法情形')) return '1';
        if (cfg.message.startsWith('初次违法') || cfg.message.startsWith('及时改正')) return 'true';
        return cfg.default ?? cfg.choices[0]!.value;
      },
      input: async (cfg) => (cfg.message.startsWith('处罚决定日期') ? '2026-01-05' : ''),
      confirm: async () => false,
    };
    expect(await runInteractive(ctx, set, p, '2026-01-05')).toBe(0);
    const harm = selects.find((x) => x.message.startsWith('危害后果'))!;
    expect(harm).toMatchObject({ first: '', default: '' });
    expect(out.text()).not.toContain('不予行政处罚');
    expect(out.text()).toContain('罚款幅度：2,000–10,000元');
  });
});

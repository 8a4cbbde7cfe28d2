import { zh } from './zh/index.js';
import { en } from './en/index.js';

/** The English catalogue must have every key the Chinese one has: the type system checks it. */
export type Messages = typeof zh;
export type Lang = 'zh' | 'en';

const catalogues: Record<Lang, Messages> = { zh, en };
let current: Lang = 'zh';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** The messages of the language in force. */
export function m(): Messages {
  return catalogues[current];
}

/**
 * Chinese unless asked otherwise: `--lang en` wins, then LANG/LC_ALL/LC_MESSAGES starting with "en".
 */
export function detectLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') return normalise(argv[i + 1]);
    if (a.startsWith('--lang=')) return normalise(a.slice(7));
  }
  const envLang = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return envLang.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

function normalise(v: string | undefined): Lang {
  return v !== undefined && v.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

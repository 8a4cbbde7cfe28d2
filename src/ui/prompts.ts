import { m } from '../i18n/index.js';

/**
 * @inquirer/prompts writes its key hints ("↑↓ navigate • ⏎ select") and confirm answers ("Yes"/"No")
 * in English; these options put them in the user's language. Spread them into a prompt's config.
 */
export function listTheme(): { theme: { style: { keysHelpTip: (keys: [string, string][]) => string; error: (text: string) => string } } } {
  const t = m().prompt;
  const words: Record<string, string> = { navigate: t.navigate, select: t.select, 'No results found': t.noResults };
  return {
    theme: {
      style: {
        keysHelpTip: (keys) => keys.map(([key, action]) => `${key} ${words[action] ?? action}`).join(' • '),
        error: (text) => `> ${words[text] ?? text}`,
      },
    },
  };
}

export function confirmAnswer(): { transformer: (answer: boolean) => string } {
  return { transformer: (answer) => (answer ? m().prompt.yes : m().prompt.no) };
}

import { describe, expect, it } from 'vitest';
import { languageSelectBlocks } from '../../src/core/language-select.js';
import { translator } from '../../src/i18n/index.js';
import { validateBlocks } from '../../src/sandbox/slack/block-kit.js';

describe('the App Home language select', () => {
  it.each([
    [null, 'auto'],
    ['fr', 'fr'],
    ['en', 'en'],
  ] as const)('chosen %s shows %s, and Slack accepts it in both languages', (chosen, shown) => {
    for (const lang of ['en', 'fr'] as const) {
      const blocks = languageSelectBlocks(translator(lang), chosen);
      expect(validateBlocks(blocks, 'home')).toEqual([]);
      expect(JSON.stringify(blocks)).toContain(`"initial_option":{"text":{"type":"plain_text","text":"${shown === 'auto' ? translator(lang)('lang.home.auto') : shown === 'fr' ? 'Français' : 'English'}"},"value":"${shown}"}`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters } from './display-name.ts';

describe('hasHiddenCharacters', () => {
  it('finds control and format characters and unpaired surrogates', () => {
    for (const name of ['a\u0000b', 'esc\u001b[31m', 'tab\there', 'evil\u202etxt.exe', 'zero\u200bwidth', 'bom\ufeff', 'half\ud800', '\udc00x']) {
      expect(hasHiddenCharacters(name), JSON.stringify(name)).toBe(true);
    }
  });

  it('accepts names in any script, with accents and emoji', () => {
    for (const name of ['prod-eu', 'Zoë’s cluster', 'кластер', '生产', 'ship it 🚀']) {
      expect(hasHiddenCharacters(name), name).toBe(false);
    }
  });
});

/**
 * Names people read in lists and logs (clusters, teams, servers, applications). Control characters
 * (`\p{Cc}`: NUL, escape sequences), format characters (`\p{Cf}`: bidi overrides such as U+202E, zero-width
 * joiners) and unpaired surrogates make a name render as something it is not, or break what stores it.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Cs}]/u;

export const HIDDEN_CHARACTER_PROBLEM = 'must not contain control characters, invisible formatting characters (such as U+202E) or unpaired surrogates';

export function hasHiddenCharacters(name: string): boolean {
  return HIDDEN_CHARACTER.test(name);
}

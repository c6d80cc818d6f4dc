import { describe, expect, it } from 'vitest';
import { interpolate, parseEnvLines } from './compose-interpolation.ts';

const one = (text: string, env: Record<string, string> = {}) => interpolate(text, env);

describe('compose interpolation', () => {
  it.each([
    ['plain text', {}, 'plain text'],
    ['${A}', { A: 'x' }, 'x'],
    ['$A', { A: 'x' }, 'x'],
    ['$A-suffix', { A: 'x' }, 'x-suffix'],
    ['pre${A}post', { A: 'x' }, 'prexpost'],
    ['${A:-dflt}', {}, 'dflt'],
    ['${A:-dflt}', { A: '' }, 'dflt'],
    ['${A-dflt}', { A: '' }, ''],
    ['${A-dflt}', {}, 'dflt'],
    ['${A:-dflt}', { A: 'set' }, 'set'],
    ['${A:+alt}', { A: 'set' }, 'alt'],
    ['${A:+alt}', { A: '' }, ''],
    ['${A+alt}', { A: '' }, 'alt'],
    ['${A:?needed}', { A: 'v' }, 'v'],
    ['$$A and $${A}', { A: 'x' }, '$A and ${A}'],
    ['${A:-with spaces and : colons}', {}, 'with spaces and : colons'],
    ['${A}${B}', { A: '1', B: '2' }, '12'],
  ])('%s with %j is %s', (text, env, expected) => {
    const result = one(text, env);
    expect(result.issues).toEqual([]);
    expect(result.value).toBe(expected);
  });

  it('turns an unset variable without default into a blank string and reports it', () => {
    expect(one('a${MISSING}b')).toEqual({ value: 'ab', unset: ['MISSING'], issues: [] });
  });

  it.each([
    ['${A', 'unclosed'],
    ['${}', 'invalid'],
    ['${1A}', 'invalid'],
    ['cost: 5$', 'starts no variable'],
    ['${A:?set A first}', 'variable A is required: set A first'],
    ['${A?}', 'variable A is required'],
  ])('refuses %s (%s)', (text, message) => {
    const result = one(text);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.message).toContain(message);
  });

  it('interpolates values, not keys, through mappings and lists, naming the path of a fault', () => {
    const tree = { services: { web: { image: 'app:${TAG}', '${KEY}': 'v', ports: ['${P}:80', 8080], deploy: { replicas: '${N:-2}' }, bad: ['ok', '${'] } } };
    const result = interpolate(tree, { TAG: '1.2', P: '81' });
    expect(result.value).toEqual({
      services: { web: { image: 'app:1.2', '${KEY}': 'v', ports: ['81:80', 8080], deploy: { replicas: '2' }, bad: ['ok', '${'] } },
    });
    expect(result.issues).toEqual([{ path: 'services.web.bad[1]', message: expect.stringContaining('unclosed') }]);
  });

  it('does not interpolate what a variable brings in', () => {
    expect(one('${A}', { A: '${B}', B: 'no' }).value).toBe('${B}');
  });
});

describe('variables typed as lines', () => {
  it('reads KEY=value lines, keeping = and spaces in values, skipping blanks and comments', () => {
    expect(parseEnvLines('A=1\n\n# note\nB = x=y \r\nEMPTY=\n')).toEqual({ ok: true, env: { A: '1', B: ' x=y ', EMPTY: '' } });
  });

  it.each(['no equals sign', '1A=x', '=x', 'A B=x'])('refuses the line %j, naming it', (line) => {
    expect(parseEnvLines(`OK=1\n${line}`)).toEqual({ ok: false, message: expect.stringContaining('line 2') });
  });
});

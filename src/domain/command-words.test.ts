import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, joinCommand, splitCommand } from './command-words.ts';

describe('command words', () => {
  it('splits like a shell would, without running one', () => {
    expect(splitCommand('sleep 3600')).toEqual(['sleep', '3600']);
    expect(splitCommand('  nginx -g "daemon off;"  ')).toEqual(['nginx', '-g', 'daemon off;']);
    expect(splitCommand(`sh -c 'echo $HOME; rm -rf /'`)).toEqual(['sh', '-c', 'echo $HOME; rm -rf /']);
    expect(splitCommand('a\\ b "c\\"d" \'\'')).toEqual(['a b', 'c"d', '']);
    expect(splitCommand('')).toEqual([]);
  });

  it('refuses an unclosed quote', () => {
    expect(() => splitCommand('echo "oops')).toThrow(CommandSyntaxError);
  });

  it('joins words into a line that splits back into them', () => {
    const words = ['curl', '-f', 'http://localhost:8080/health', "it's", 'a b', ''];
    const line = joinCommand(words);
    expect(line).toBe(`curl -f http://localhost:8080/health 'it'\\''s' 'a b' ''`);
    expect(splitCommand(line)).toEqual(words);
  });
});

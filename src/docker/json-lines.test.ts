import { describe, expect, it } from 'vitest';
import { parseEventLine, readLines } from './json-lines.ts';

async function collect(chunks: Array<string | Buffer>): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const lines: string[] = [];
  for await (const line of readLines(source())) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('joins a line split across chunks and splits chunks holding several lines', async () => {
    expect(await collect(['{"a":', '1}\n{"b":2}\n{"c"', ':3}\n'])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('keeps a multi-byte character split across chunks intact', async () => {
    const bytes = Buffer.from('{"name":"café"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await collect([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['{"name":"café"}']);
  });

  it('yields a last line without a newline and skips blank ones', async () => {
    expect(await collect(['\n\n{"a":1}\r\n', '{"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('parseEventLine', () => {
  it('keeps timeNano exact', () => {
    const event = parseEventLine('{"Type":"service","time":1764237600,"timeNano":1764237600123456789}') as { timeNano: string };
    expect(event.timeNano).toBe('1764237600123456789');
  });

  it('leaves a quoted "timeNano" inside an attribute value alone', () => {
    const line = JSON.stringify({ Actor: { Attributes: { note: '"timeNano":5' } }, timeNano: 1 });
    expect(parseEventLine(line)).toEqual({ Actor: { Attributes: { note: '"timeNano":5' } }, timeNano: '1' });
  });
});

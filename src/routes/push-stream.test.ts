import { describe, expect, it } from 'vitest';
import { pushStream } from './push-stream.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array | undefined) => new TextDecoder().decode(chunk);

describe('pushStream', () => {
  it('opens with its first chunks, then hands each push to the read waiting for it', async () => {
    let push!: (chunk: Uint8Array) => void;
    const body = pushStream([bytes('a'), bytes('b')], 10, (p) => {
      push = p;
      return () => {};
    });
    const reader = body.getReader();
    expect(text((await reader.read()).value)).toBe('a');
    expect(text((await reader.read()).value)).toBe('b');
    const waiting = reader.read();
    push(bytes('c'));
    expect(text((await waiting).value)).toBe('c');
    push(bytes('d'));
    push(bytes('e'));
    expect(text((await reader.read()).value)).toBe('d');
    expect(text((await reader.read()).value)).toBe('e');
  });

  it('holds at most maxHeld chunks for a reader that falls behind, dropping the oldest', async () => {
    let push!: (chunk: Uint8Array) => void;
    const reader = pushStream([], 3, (p) => {
      push = p;
      return () => {};
    }).getReader();
    for (const c of ['1', '2', '3', '4', '5']) push(bytes(c));
    const read: string[] = [];
    for (let i = 0; i < 3; i++) read.push(text((await reader.read()).value));
    expect(read).toEqual(['3', '4', '5']);
  });

  it('stops the feed once when the reader goes, and takes no more pushes', async () => {
    let push!: (chunk: Uint8Array) => void;
    let stops = 0;
    const reader = pushStream([bytes('a')], 10, (p) => {
      push = p;
      return () => stops++;
    }).getReader();
    await reader.cancel();
    expect(stops).toBe(1);
    push(bytes('b'));
    await reader.cancel();
    expect(stops).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { demultiplex, frameLines, type LogFrame, rawFrames, withDetails } from './log-stream.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* chunks(...parts: Buffer[]) {
  for (const part of parts) yield part;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('demultiplex', () => {
  it('splits frames by their 8-byte header, keeping stdout and stderr apart', async () => {
    const frames = await collect(demultiplex(chunks(Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]))));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'out 1\n'],
      ['stderr', 'err 1\n'],
      ['stdout', 'out 2\n'],
    ]);
  });

  it('joins a header and a payload split across chunks, byte by byte', async () => {
    const all = Buffer.concat([frame(2, 'héllo wörld\n'), frame(1, 'second\n')]);
    const bytes = [...all].map((b) => Buffer.from([b]));
    const lines = await collect(frameLines(demultiplex(chunks(...bytes))));
    expect(lines).toEqual([
      { stream: 'stderr', text: 'héllo wörld' },
      { stream: 'stdout', text: 'second' },
    ]);
  });

  it('fails on a stream cut inside a frame', async () => {
    await expect(collect(demultiplex(chunks(frame(1, 'abcdef').subarray(0, 10))))).rejects.toThrow(/inside a frame/);
  });
});

describe('frameLines', () => {
  it('joins a line split over frames of the same stream, not across streams', async () => {
    const frames: LogFrame[] = [
      { stream: 'stdout', data: Buffer.from('par') },
      { stream: 'stderr', data: Buffer.from('oops\n') },
      { stream: 'stdout', data: Buffer.from('tial\nlast') },
    ];
    async function* source() {
      yield* frames;
    }
    expect(await collect(frameLines(source()))).toEqual([
      { stream: 'stderr', text: 'oops' },
      { stream: 'stdout', text: 'partial' },
      { stream: 'stdout', text: 'last' },
    ]);
  });

  it('reads a TTY stream as raw stdout, dropping carriage returns', async () => {
    const lines = await collect(frameLines(rawFrames(chunks(Buffer.from('a\r\nb\r\n')))));
    expect(lines).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'b' },
    ]);
  });
});

describe('withDetails', () => {
  it('splits the swarm attributes the engine puts before a message', () => {
    const text = 'com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1 hello world = 1';
    expect(withDetails({ stream: 'stdout', text })).toEqual({ stream: 'stdout', text: 'hello world = 1', taskId: 't1', nodeId: 'n1' });
  });

  it('leaves a line without attributes as it is', () => {
    expect(withDetails({ stream: 'stderr', text: 'plain words here' })).toEqual({ stream: 'stderr', text: 'plain words here' });
    expect(withDetails({ stream: 'stderr', text: 'a=b' })).toEqual({ stream: 'stderr', text: 'a=b' });
  });

  it('decodes query-escaped values and keeps an empty message', () => {
    expect(withDetails({ stream: 'stdout', text: 'com.docker.swarm.task.id=t%2F1 ' })).toEqual({ stream: 'stdout', text: '', taskId: 't/1' });
  });
});

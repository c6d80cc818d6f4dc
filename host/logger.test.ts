import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger.ts';

function collect(level?: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level and message', () => {
    const { logger, lines } = collect();
    logger.info('server added', { serverId: 's1' });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'server added', serverId: 's1' })]);
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('drops lines below the level', () => {
    const { logger, lines } = collect('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((l) => l.msg)).toEqual(['c', 'd']);
  });

  it('redacts secret-looking fields at any depth and flattens errors', () => {
    const { logger, lines } = collect();
    logger.error('failed', {
      password: 'hunter2',
      nested: { privateKey: '-----BEGIN', apiToken: 'hp_x', ok: 1 },
      list: [{ Authorization: 'Bearer x' }],
      err: new Error('boom'),
    });
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/hunter2|BEGIN|hp_x|Bearer/);
    expect(lines[0]).toMatchObject({ nested: { ok: 1 }, err: { name: 'Error', message: 'boom' } });
  });
});

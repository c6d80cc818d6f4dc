import { describe, expect, it } from 'vitest';
import { formatByteSize, formatCpus, formatDuration, parseByteSize, parseCpus, parseDuration } from './compose-units.ts';

describe('Go durations', () => {
  it.each([
    ['10s', 10e9],
    ['1m30s', 90e9],
    ['500ms', 5e8],
    ['1h', 3600e9],
    ['1.5s', 1.5e9],
    ['2h45m', (2 * 3600 + 45 * 60) * 1e9],
    ['100us', 1e5],
    ['0', 0],
    ['0s', 0],
    [' 5s ', 5e9],
  ])('reads %s', (text, ns) => expect(parseDuration(text)).toBe(ns));

  it.each(['10 parsecs', '10', '-5s', 's', '', '10 s', '1d', '5sec', '1m30'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    [0, '0s'],
    [90e9, '1m30s'],
    [3600e9, '1h'],
    [5e8, '500ms'],
    [1.5e9, '1s500ms'],
    [5e9, '5s'],
  ])('writes %d ns as %s, which reads back', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
    expect(parseDuration(text)).toBe(ns);
  });
});

describe('byte sizes', () => {
  it.each([
    ['512M', 512 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1g', 1024 ** 3],
    ['64MiB', 64 * 1024 ** 2],
    ['100kb', 102400],
    ['1.5G', 1.5 * 1024 ** 3],
    ['4096', 4096],
    ['2b', 2],
  ])('reads %s', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['lots', '-1G', '1X', '', 'G'])('refuses %j', (text) => expect(parseByteSize(text)).toBeNull());

  it('writes the largest whole unit', () => {
    expect(formatByteSize(64 * 1024 ** 2)).toBe('64M');
    expect(formatByteSize(1024 ** 3)).toBe('1G');
    expect(formatByteSize(1536 * 1024 ** 2)).toBe('1536M');
    expect(formatByteSize(1000)).toBe('1000B');
  });
});

describe('CPU counts', () => {
  it('reads decimals exactly into NanoCPUs', () => {
    expect(parseCpus('0.5')).toBe(500_000_000);
    expect(parseCpus('2')).toBe(2_000_000_000);
    expect(parseCpus('0.1')).toBe(100_000_000);
    expect(parseCpus('.25')).toBe(250_000_000);
    expect(parseCpus('1.000000001')).toBe(1_000_000_001);
  });

  it.each(['half', '-1', '1e3', '0.1234567891', ''])('refuses %j', (text) => expect(parseCpus(text)).toBeNull());

  it('writes NanoCPUs back as the shortest decimal', () => {
    expect(formatCpus(500_000_000)).toBe('0.5');
    expect(formatCpus(2_000_000_000)).toBe('2');
    expect(formatCpus(1_250_000_000)).toBe('1.25');
  });
});

import { describe, expect, it } from 'vitest';
import { parseNodeResources, usedPercent } from './node-resources.ts';

/** Output of NODE_RESOURCES_COMMAND on a Debian 12 machine (meminfo shortened). */
const OUTPUT = `@@stat
cpu  77136 0 20821 215235 825 0 479 37 0 0
@@stat
cpu  77186 0 20846 215310 825 0 479 37 0 0
@@meminfo
MemTotal:       24684084 kB
MemFree:        23048692 kB
MemAvailable:   23563112 kB
Buffers:           11796 kB
Cached:           667448 kB
HugePages_Total:       0
@@loadavg
0.81 1.24 1.06 3/590 17846
@@df
Filesystem     1024-blocks     Used Available Capacity Mounted on
/dev/vda         264212084 24401780  81989132      23% /
`;

describe('parseNodeResources', () => {
  it('reads CPU use between the two samples, memory, load and the root filesystem', () => {
    const usage = parseNodeResources(OUTPUT);
    // busy went up by 50 + 25 = 75 jiffies out of 75 + 75 idle.
    expect(usage.cpuPercent).toBe(50);
    expect(usage.load).toEqual([0.81, 1.24, 1.06]);
    expect(usage.memoryTotalBytes).toBe(24684084 * 1024);
    expect(usage.memoryUsedBytes).toBe((24684084 - 23563112) * 1024);
    expect(usage.diskUsedBytes).toBe(24401780 * 1024);
    expect(usage.diskTotalBytes).toBe((24401780 + 81989132) * 1024);
    expect(usage.diskPercent).toBe(22.9);
    expect(usage.memoryPercent).toBe(4.5);
  });

  it('estimates available memory on kernels without MemAvailable', () => {
    const usage = parseNodeResources('@@meminfo\nMemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n');
    expect(usage.memoryUsedBytes).toBe(600 * 1024);
    expect(usage.cpuPercent).toBeNull();
    expect(usage.diskTotalBytes).toBeNull();
  });

  it('keeps a filesystem name with odd characters apart from the numbers', () => {
    const usage = parseNodeResources('@@df\nFilesystem 1024-blocks Used Available Capacity Mounted on\noverlay:/x 100 40 60 40% /\n');
    expect(usage.diskUsedBytes).toBe(40 * 1024);
    expect(usage.diskTotalBytes).toBe(100 * 1024);
  });

  it('reports no CPU figure from a single sample or an unchanged counter', () => {
    expect(parseNodeResources('@@stat\ncpu 1 2 3 4\n@@loadavg\n0 0 0 1/1 1\n').cpuPercent).toBeNull();
    expect(parseNodeResources('@@stat\ncpu 1 2 3 4\n@@stat\ncpu 1 2 3 4\n@@loadavg\n0 0 0 1/1 1\n').cpuPercent).toBeNull();
  });

  it('refuses output with nothing recognisable (e.g. a shell error)', () => {
    expect(() => parseNodeResources('sh: 1: head: not found\n')).toThrow(/nothing recognisable/);
  });
});

describe('usedPercent', () => {
  it('is null when a figure is missing or the total is zero', () => {
    expect(usedPercent(null, 10)).toBeNull();
    expect(usedPercent(1, 0)).toBeNull();
    expect(usedPercent(5, 4)).toBe(100);
  });
});

/**
 * Reading node resources over SSH on the lab: `SshTransport.execFixed` runs the fixed command on a
 * node, its output parses, the numbers are the machine's (lab nodes share the host's /proc), and the
 * exec channels share the transport's cap, report exit codes and time out.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { labSshTransport } from '../../test/support/lab-node.ts';
import { DockerError } from '../docker/errors.ts';
import type { SshTransport } from '../docker/ssh-transport.ts';
import { parseNodeResources } from '../domain/node-resources.ts';
import { NODE_RESOURCES_COMMAND } from './node-resources.ts';

const lab = inject('lab');
const MISSING_FILE_COMMAND = 'cat /proc/no-such-file';
const SLOW_COMMAND = 'sleep 3';
const SHORT_COMMAND = 'sleep 0.3';

describe('node resources over SSH on the lab', () => {
  const worker = lab?.nodes.find((n) => n.role === 'worker');
  const transports: SshTransport[] = [];
  const transport = (maxChannels?: number) => {
    const created = labSshTransport(lab, worker!, maxChannels ? { maxChannels } : {});
    transports.push(created);
    return created;
  };
  afterAll(() => Promise.all(transports.map((t) => t.close())));

  it('runs the fixed command on a worker and reads what the machine has', async () => {
    const result = await transport().execFixed(NODE_RESOURCES_COMMAND, { timeoutMs: 15_000 });
    expect(result.code).toBe(0);
    const usage = parseNodeResources(result.stdout);
    const memTotalKib = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
    expect(usage.memoryTotalBytes).toBe(memTotalKib * 1024);
    expect(usage.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(usage.cpuPercent).toBeLessThanOrEqual(100);
    expect(usage.diskTotalBytes).toBeGreaterThan(0);
    expect(usage.load).toHaveLength(3);
  });

  it('reports the exit status and stderr of a failing command', async () => {
    const result = await transport().execFixed(MISSING_FILE_COMMAND);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-such-file');
  });

  it('times out a command that does not finish; its channel is freed once the server ends it', async () => {
    const ssh = transport();
    const error = await ssh.execFixed(SLOW_COMMAND, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DockerError);
    expect((error as DockerError).code).toBe('timeout');
    await expect.poll(() => ssh.stats().channelsOpen, { timeout: 10_000 }).toBe(0);
  });

  it('shares the channel cap with API requests: one connection, never more channels than the cap', async () => {
    const ssh = transport(2);
    const results = await Promise.all(Array.from({ length: 5 }, () => ssh.execFixed(SHORT_COMMAND)));
    expect(results.every((r) => r.code === 0)).toBe(true);
    expect(ssh.stats()).toMatchObject({ connectsTotal: 1, channelsPeak: 2, channelsOpen: 0 });
  });
});

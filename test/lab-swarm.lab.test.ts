// Proves the lab is a real swarm: nodes, scheduling, engine and network faults, sshd, parallel labs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAB_SH, type LabNode, type LabOptions, type LabState, labDocker, labDown, labFault, labNodeAdd, labOptions, labState, labUp } from '../lab/lab.ts';

const run = promisify(execFile);

/** Polls until `check` returns true; fails with the last observation after the deadline. */
async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean | string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'never checked';
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result === true) return;
      last = result;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
}

interface NodeRow {
  Hostname: string;
  Status: string;
  ManagerStatus: string;
}

async function nodeRows(state: LabState, via: string): Promise<NodeRow[]> {
  const out = await labDocker(state, via, ['node', 'ls', '--format', '{{json .}}']);
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as NodeRow);
}

async function nodeState(state: LabState, via: string, node: string): Promise<string> {
  return (await labDocker(state, via, ['node', 'inspect', node, '--format', '{{.Status.State}}'])).trim();
}

describe('lab swarm', () => {
  let lab: LabState;
  let opts: LabOptions;
  let manager: LabNode;
  let worker: LabNode;

  beforeAll(() => {
    lab = inject('lab');
    opts = labOptions(lab);
    const m = lab.nodes.find((n) => n.role === 'manager');
    const w = lab.nodes.find((n) => n.role === 'worker');
    if (!m || !w) throw new Error(`the test lab needs a manager and a worker: ${JSON.stringify(lab.nodes)}`);
    manager = m;
    worker = w;
  });

  it('has 3 Ready nodes with 1 leader', async () => {
    expect(lab.nodes.filter((n) => n.role !== 'none')).toHaveLength(3);
    const rows = await nodeRows(lab, manager.name);
    expect(rows.map((r) => r.Hostname).sort()).toEqual(
      lab.nodes
        .filter((n) => n.role !== 'none')
        .map((n) => n.name)
        .sort(),
    );
    expect(rows.every((r) => r.Status === 'Ready')).toBe(true);
    expect(rows.filter((r) => r.ManagerStatus === 'Leader')).toHaveLength(1);
  });

  it('runs each node in its own namespaces (exec)', async () => {
    const { stdout } = await run('bash', [LAB_SH, 'exec', worker.name, '--', 'hostname'], {
      env: { ...process.env, LAB_NAME: opts.name, LAB_DIR: opts.dir },
    });
    expect(stdout.trim()).toBe(worker.name);
  });

  it('schedules 3 replicas of lab/busybox across the nodes', async () => {
    const service = `labtest-${Date.now()}`;
    await labDocker(lab, manager.name, [
      'service',
      'create',
      '--detach',
      '--no-resolve-image',
      '--name',
      service,
      '--replicas',
      '3',
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
    try {
      await waitFor('3 running tasks on 3 nodes', 60_000, async () => {
        const out = await labDocker(lab, manager.name, [
          'service',
          'ps',
          service,
          '--filter',
          'desired-state=running',
          '--format',
          '{{.Node}}|{{.CurrentState}}',
        ]);
        const running = out
          .trim()
          .split('\n')
          .filter((l) => l.split('|')[1]?.startsWith('Running'));
        const nodes = new Set(running.map((l) => l.split('|')[0]));
        return (running.length === 3 && nodes.size === 3) || out;
      });
    } finally {
      await labDocker(lab, manager.name, ['service', 'rm', service]);
    }
  });

  it('marks a worker Down when its engine stops and Ready when it starts again', async () => {
    try {
      await labFault(opts, worker.name, 'engine-stop');
      await waitFor(`${worker.name} down`, 90_000, async () => (await nodeState(lab, manager.name, worker.name)) === 'down');
    } finally {
      await labFault(opts, worker.name, 'engine-start');
    }
    await waitFor(`${worker.name} ready`, 90_000, async () => (await nodeState(lab, manager.name, worker.name)) === 'ready');
  });

  it('marks a partitioned worker Down and Ready again after heal', async () => {
    try {
      await labFault(opts, worker.name, 'partition');
      await waitFor(`${worker.name} down`, 90_000, async () => (await nodeState(lab, manager.name, worker.name)) === 'down');
    } finally {
      await labFault(opts, worker.name, 'heal');
    }
    await waitFor(`${worker.name} ready`, 90_000, async () => (await nodeState(lab, manager.name, worker.name)) === 'ready');
  });

  it("accepts the lab key on the manager's sshd, which reaches that node's engine", async () => {
    const { stdout } = await run('ssh', [
      '-i',
      lab.sshKeyPath,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'ConnectTimeout=10',
      '-o',
      'LogLevel=ERROR',
      `${lab.sshUser}@${manager.ip}`,
      "docker info --format '{{.Swarm.LocalNodeState}}'",
    ]);
    expect(stdout.trim()).toBe('active');
  });

  describe('a second lab next to the first', () => {
    // Two subnets above the test lab's: the one above is manager-failover.lab.test.ts's lab.
    let second: LabOptions;
    let prefix: string;

    beforeAll(() => {
      const octets = lab.subnet.split('.');
      prefix = [...octets.slice(0, 2), Number(octets[2]) + 2].join('.');
      second = { name: `${lab.name}-2nd`, subnet: prefix, dir: opts.dir };
    });

    afterAll(async () => {
      if (second) await labDown(second);
    });

    it('comes up with its own swarm, adds an unjoined node, and goes away', async () => {
      const other = await labUp({ ...second, nodes: 1, managers: 1 });
      expect(other.bridge).not.toBe(lab.bridge);
      expect(other.nodes).toHaveLength(1);
      const [only] = other.nodes;
      expect(only?.ip).toBe(`${prefix}.11`);
      const rows = await nodeRows(other, other.nodes[0]!.name);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.Status).toBe('Ready');

      const added = await labNodeAdd(second);
      expect(added).toMatchObject({ index: 2, ip: `${prefix}.12`, role: 'none' });
      const addedState = (await labState(second))!;
      expect((await labDocker(addedState, added.name, ['info', '--format', '{{.Swarm.LocalNodeState}}'])).trim()).toBe('inactive');
      expect(await labDocker(addedState, added.name, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).toContain('lab/busybox:latest');

      // The first lab is untouched.
      expect((await nodeRows(lab, manager.name)).filter((r) => r.Status === 'Ready')).toHaveLength(3);

      await labDown(second);
      expect(await labState(second)).toBeNull();
    });
  });
});

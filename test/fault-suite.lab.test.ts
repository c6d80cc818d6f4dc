/**
 * The standing fault suite: the reference host runs as its own process against a 5-node / 3-manager lab swarm
 * while real faults hit it, one after the other on the same lab and host (a lab per fault would cost minutes).
 * Through every fault the host stays up, every API read answers within 5 s (fresh, or the last known data marked
 * stale: nodes, services, tasks, the visualizer, secrets, configs, stacks, a node's resources), the cluster's
 * status ends right, each status change is notified once, and nothing is lost: the services and their specs, the
 * stored events, and the secret versions of a rotation the panel was killed in the middle of (picked up by the
 * restarted panel on its own). Timeouts are shortened through the plugin's settings; waits
 * are on conditions. A slow link is tbf rate limiting on the manager's veth both ways (this kernel has no netem).
 * A summary per fault (reads made, slowest read, host up, transitions notified) is printed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE, type LabFault, type LabState, labDocker, labDown, labFault, labOptions, labUp } from '../lab/lab.ts';
import { HA_LAB } from './global-setup.ts';
import { type HostProcess, startHostProcess } from './support/host-process.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { recordSuiteFigure } from './support/suite-figures.ts';

const READ_WITHIN_MS = 5_000;
/** How long the swarm may take to name a leader, and a probe to see a fault's effect or the cluster healthy again. */
const LEADER_WITHIN_MS = 60_000;
const PROBE_UNTIL_MS = 120_000;
/** A probe makes seven reads, each within READ_WITHIN_MS; the reads beside the lists make five. */
const PROBE_MS = 7 * READ_WITHIN_MS;
const OBJECT_READS_MS = 5 * READ_WITHIN_MS;
/** The most a fault's waits add up to (the leader partitioned: a leader, the reads, its effect seen, healthy again). */
const FAULT_TIMEOUT_MS = LEADER_WITHIN_MS + 2 * OBJECT_READS_MS + 2 * (PROBE_UNTIL_MS + PROBE_MS);
const SETTINGS = {
  timeoutsMs: { read: 2500, readHedge: 500, request: 8000, sshHandshake: 3000, sshChannelOpen: 2000, sshKeepaliveInterval: 1000 },
  cacheTtlSeconds: { info: 1, nodes: 1, services: 1, tasks: 1, resources: 1, joinTokens: 1 },
  // Above a leader election (10-20 s without a leader), which is not an outage.
  unreachableAfterSeconds: 25,
  rotationConvergeSeconds: 120,
};
const SERVICES = ['fault-web', 'fault-agent'];

interface FaultRecord {
  fault: string;
  reads: number;
  slowestMs: number;
  /** Which read was the slowest. */
  slowestRead: string;
  staleReads: number;
  hostUp: boolean;
  /** The cluster statuses notified during the fault, in order. */
  transitions: string[];
}

interface ClusterAnswer {
  data: { status: string; statusReason: string | null };
}
interface ResourcesAnswer {
  data: { source: string; stale: boolean; usage: object | null };
}
interface NodesAnswer {
  data: { id: string; hostname: string; status: string; availability: string; role: string }[];
  meta: { stale: boolean };
}

describe('the standing fault suite', { timeout: FAULT_TIMEOUT_MS }, () => {
  let lab: LabState;
  let host: HostProcess;
  let uuid: string;
  let specs: Record<string, string>;
  let eventsBefore: number;
  const records: FaultRecord[] = [];
  let current: FaultRecord;
  let notifiedBefore = 0;

  const managers = () => lab.nodes.filter((n) => n.role === 'manager');
  const worker = () => lab.nodes.find((n) => n.role === 'worker')!;
  const fault = (node: string, what: LabFault) => labFault(labOptions(lab), node, what);

  /** The docker CLI on the first manager that answers (the one asked may be the one cut off). */
  async function cli(args: string[]): Promise<string> {
    let last: unknown;
    for (const node of managers()) {
      try {
        return await labDocker(lab, node.name, args);
      } catch (error) {
        last = error;
      }
    }
    throw last;
  }

  async function leader(): Promise<string> {
    return eventually(
      async () =>
        (await cli(['node', 'ls', '--format', '{{.Hostname}} {{.ManagerStatus}}']))
          .split('\n')
          .find((l) => l.endsWith(' Leader'))
          ?.split(' ')[0],
      { timeoutMs: LEADER_WITHIN_MS, what: 'a leader' },
    );
  }

  async function timed<T>(request: () => Promise<{ status: number; body: T }>, what: string): Promise<T> {
    const started = Date.now();
    const answer = await request();
    const took = Date.now() - started;
    current.reads++;
    if (took > current.slowestMs) Object.assign(current, { slowestMs: took, slowestRead: what });
    expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(200);
    expect(took, `${what} answered within ${READ_WITHIN_MS} ms`).toBeLessThan(READ_WITHIN_MS);
    return answer.body;
  }

  /** One round of the API's reads and a sync, each within seconds; returns the sync's cluster and the nodes. */
  async function probe(): Promise<{ cluster: ClusterAnswer['data']; nodes: NodesAnswer }> {
    expect(host.alive(), 'the host is up').toBe(true);
    const base = `/api/v1/clusters/${uuid}`;
    const cluster = await timed(() => host.api<ClusterAnswer>('POST', `${base}/sync`), 'POST sync');
    const nodes = await timed(() => host.api<NodesAnswer>('GET', `${base}/nodes`), 'GET nodes');
    for (const path of ['', '/services', '/tasks', '/visualizer', '/events?limit=20']) {
      const body = await timed(() => host.api<{ meta?: { stale?: boolean } }>('GET', `${base}${path}`), `GET ${path || 'cluster'}`);
      if (body.meta?.stale) current.staleReads++;
    }
    if (nodes.meta.stale) current.staleReads++;
    return { cluster: cluster.data, nodes };
  }

  /** The reads beside the lists: secrets, configs and stacks, and `node`'s resources (returned), each within seconds. */
  async function objectReads(node: string): Promise<ResourcesAnswer['data']> {
    const base = `/api/v1/clusters/${uuid}`;
    for (const path of ['/secrets', '/configs', '/stacks']) {
      const body = await timed(() => host.api<{ meta: { stale: boolean } }>('GET', `${base}${path}`), `GET ${path}`);
      if (body.meta.stale) current.staleReads++;
    }
    const id = (await host.api<NodesAnswer>('GET', `${base}/nodes`)).body.data.find((n) => n.hostname === node)!.id;
    const reading = (await timed(() => host.api<ResourcesAnswer>('GET', `${base}/nodes/${id}/resources`), 'GET node resources')).data;
    if (reading.stale) current.staleReads++;
    return reading;
  }

  /** Probes until `done` holds (or fails after `timeoutMs`). */
  async function probeUntil(
    done: (p: Awaited<ReturnType<typeof probe>>) => boolean,
    what: string,
    timeoutMs = PROBE_UNTIL_MS,
  ): Promise<Awaited<ReturnType<typeof probe>>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await probe();
      if (done(result)) return result;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: status ${result.cluster.status} (${result.cluster.statusReason})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const healthy = () =>
    probeUntil((p) => p.cluster.status === 'healthy' && !p.nodes.meta.stale && p.nodes.data.every((n) => n.status === 'ready'), 'healthy again');

  /** The cluster statuses notified so far, oldest first. */
  async function notifiedStatuses(): Promise<string[]> {
    const { body } = await host.api<{ data: { event: string; data: { to?: string } | null }[] }>('GET', '/api/v1/notifications?limit=500');
    return body.data
      .filter((n) => n.event.startsWith('cluster.') && n.data?.to)
      .map((n) => n.data!.to!)
      .reverse();
  }

  function begin(name: string): void {
    current = { fault: name, reads: 0, slowestMs: 0, slowestRead: '-', staleReads: 0, hostUp: true, transitions: [] };
    records.push(current);
  }

  /** Checks the fault's notifications: each a change from the one before, none repeated. */
  async function end(): Promise<void> {
    current.hostUp = host.alive();
    const statuses = await notifiedStatuses();
    current.transitions = statuses.slice(notifiedBefore);
    notifiedBefore = statuses.length;
    for (let i = 1; i < statuses.length; i++) expect(statuses[i], `notification ${i} repeats ${statuses[i - 1]}`).not.toBe(statuses[i - 1]);
    expect(host.alive()).toBe(true);
    expect(host.log()).not.toContain('unhandled rejection');
    recordSuiteFigure(`fault: ${current.fault}`, {
      'faults survived': ['start', 'nothing lost'].includes(current.fault) ? 0 : 1,
      'requests made': current.reads,
    });
  }

  beforeAll(async () => {
    lab = await labUp({ ...HA_LAB, nodes: 5, managers: 3 });
    host = await startHostProcess({ pluginSettings: SETTINGS });
    ({ uuid } = await registerLab(host, lab));
    await cli(['service', 'create', '--detach', '--name', 'fault-web', '--replicas', '3', LAB_IMAGE, 'sleep', '86400']);
    await cli(['service', 'create', '--detach', '--name', 'fault-agent', '--mode', 'global', LAB_IMAGE, 'sleep', '86400']);
    begin('start');
    await healthy();
    specs = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await cli(['service', 'inspect', '--format', '{{json .Spec}}', name])])));
    eventsBefore = (await host.api<{ data: unknown[] }>('GET', `/api/v1/clusters/${uuid}/events?limit=500`)).body.data.length;
    await end();
  });

  afterAll(async () => {
    await host?.stop();
    console.info(
      [
        'fault suite',
        'fault                               reads  slowest ms  slowest read        stale  host up  transitions notified',
        ...records.map(
          (r) =>
            `${r.fault.padEnd(35)} ${String(r.reads).padStart(5)}  ${String(r.slowestMs).padStart(10)}  ${r.slowestRead.padEnd(18)}  ${String(r.staleReads).padStart(5)}  ${r.hostUp ? 'yes    ' : 'NO     '}  ${r.transitions.join(' -> ') || '-'}`,
        ),
      ].join('\n'),
    );
    if (process.env.KEEP_LAB !== '1') await labDown(HA_LAB);
  });

  it('leader partitioned: degraded through another manager, healthy again after the heal', async () => {
    begin('leader partitioned');
    const cut = await leader();
    expect((await objectReads(cut)).stale).toBe(false);
    await fault(cut, 'partition');
    try {
      await probeUntil(
        (p) => p.cluster.status === 'degraded' && !p.nodes.meta.stale && p.nodes.data.some((n) => n.hostname === cut && n.status !== 'ready'),
        'the leader seen down',
      );
      // Secrets, configs and stacks come from the other managers; the cut leader's resources are its last reading.
      const reading = await objectReads(cut);
      expect(reading).toMatchObject({ source: 'measured', stale: true });
      expect(reading.usage).not.toBeNull();
    } finally {
      await fault(cut, 'heal');
    }
    await healthy();
    await end();
    expect(current.transitions).toEqual(['degraded', 'healthy']);
  });

  /** Cuts `nodes` off, probes until the cluster is unreachable with stale reads (then runs `meanwhile`), heals. */
  async function outage(nodes: string[], meanwhile: () => Promise<void> = async () => undefined): Promise<void> {
    for (const node of nodes) await fault(node, 'partition');
    try {
      await probeUntil((p) => p.cluster.status === 'unreachable' && p.nodes.meta.stale, 'unreachable with stale reads');
      await meanwhile();
    } finally {
      // All at once: a heal waits for every node to be Ready, which needs the others back too.
      await Promise.all(nodes.map((node) => fault(node, 'heal')));
    }
    await healthy();
    await end();
    // A sync between the cuts may see the first one as a node down (degraded) before the quorum is lost.
    expect(current.transitions.filter((t) => t !== 'degraded')).toEqual(['unreachable', 'healthy']);
  }

  it('two of three managers partitioned: reads stale, writes refused for want of a leader, unreachable, then healthy', async () => {
    begin('quorum lost (2 of 3 managers cut)');
    await outage(
      managers()
        .slice(0, 2)
        .map((m) => m.name),
      async () => {
        const write = await host.api<{ error: { code: string; message: string } }>('POST', `/api/v1/clusters/${uuid}/services/fault-web/scale`, {
          replicas: 5,
        });
        expect(write.status).toBe(503);
        expect(write.body.error.message).toMatch(/no leader|no manager of the cluster answered/);
      },
    );
  });

  it('all managers partitioned, then healed', async () => {
    begin('all managers partitioned');
    await outage(
      managers().map((m) => m.name),
      async () => {
        // Secrets, configs and stacks: the last lists read, stale, within seconds (and a manager's resources).
        const before = current.staleReads;
        await objectReads(managers()[0]!.name);
        expect(current.staleReads - before).toBeGreaterThanOrEqual(3);
      },
    );
  });

  it('sshd killed with its sessions on the leader: reads go through the others, nothing to notify', async () => {
    begin('sshd killed with its sessions');
    const node = await leader();
    await fault(node, 'sshd-kill');
    try {
      for (let i = 0; i < 4; i++) {
        const p = await probe();
        expect(p.cluster.status).toBe('healthy');
      }
    } finally {
      await fault(node, 'sshd-start');
    }
    await healthy();
    await end();
    expect(current.transitions).toEqual([]);
  });

  it('dockerd restarted on a manager', async () => {
    begin('dockerd restarted on a manager');
    const lead = await leader();
    const node = managers().find((m) => m.name !== lead)!.name;
    await fault(node, 'engine-stop');
    try {
      await probeUntil((p) => !p.nodes.meta.stale && p.nodes.data.some((n) => n.hostname === node && n.status !== 'ready'), 'the manager seen down');
    } finally {
      await fault(node, 'engine-start');
    }
    await healthy();
    await end();
    expect(current.transitions).toEqual(['degraded', 'healthy']);
  });

  it("a worker's link flapping, down and up 5 times in 30 s", async () => {
    begin("worker's link flapping");
    const node = worker().name;
    for (let i = 0; i < 5; i++) {
      await fault(node, 'partition');
      const downUntil = Date.now() + 3000;
      while (Date.now() < downUntil) await probe();
      await fault(node, 'heal');
      const upUntil = Date.now() + 3000;
      while (Date.now() < upUntil) await probe();
    }
    await healthy();
    await end();
    expect(current.transitions.at(-1) ?? 'healthy').toBe('healthy');
  });

  it('a slow link on the leader (tbf rate limiting)', async () => {
    begin('slow link on a manager (tbf)');
    const node = await leader();
    await fault(node, 'slow');
    try {
      const until = Date.now() + 10_000;
      while (Date.now() < until) expect((await probe()).cluster.status).toBe('healthy');
    } finally {
      await fault(node, 'fast');
    }
    await end();
    expect(current.transitions).toEqual([]);
  });

  it('the panel restarted in the middle of a drain picks up the truth from the swarm', async () => {
    begin('panel restarted mid-drain');
    const node = worker().name;
    const nodes = (await host.api<NodesAnswer>('GET', `/api/v1/clusters/${uuid}/nodes`)).body.data;
    const target = nodes.find((n) => n.hostname === node)!;
    // Its answer may never come (the kill cuts it): handled from the start, or the cut would be an unhandled rejection.
    const drain = host.api('POST', `/api/v1/clusters/${uuid}/nodes/${target.id}/availability`, { availability: 'drain' }).catch(() => undefined);
    // Killed as soon as the drain is on its way: whether the answer came or not, the swarm has the truth.
    await eventually(async () => (await cli(['node', 'inspect', '--format', '{{.Spec.Availability}}', node])).trim() === 'drain', {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the drain to reach the swarm',
    });
    await host.kill();
    await drain;
    host = await startHostProcess({ dataDir: host.dataDir, pluginSettings: SETTINGS });
    try {
      await probeUntil(
        (p) => !p.nodes.meta.stale && p.nodes.data.find((n) => n.hostname === node)?.availability === 'drain',
        'the restarted panel to show the drain',
      );
      await eventually(async () => (await cli(['node', 'ps', node, '--filter', 'desired-state=running', '--format', '{{.Name}}'])).trim() === '', {
        timeoutMs: 60_000,
        what: 'the drained node to run no task',
      });
    } finally {
      await host.api('POST', `/api/v1/clusters/${uuid}/nodes/${target.id}/availability`, { availability: 'active' });
    }
    await end();
  });

  it('the panel restarted in the middle of a secret rotation picks it up from the swarm without a click, finishes it once, and leaves one version', async () => {
    begin('panel restarted mid-rotation');
    const base = `/api/v1/clusters/${uuid}`;
    expect((await host.api('POST', `${base}/secrets`, { name: 'fault-pw', value: 'first value' })).status).toBe(201);
    const service = 'fault-rotated';
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      service,
      '--replicas',
      '2',
      '--update-delay',
      '2s',
      '--stop-grace-period',
      '1s',
      '--secret',
      'fault-pw',
      LAB_IMAGE,
      'sleep',
      '86400',
    ]);
    const secretsOf = async () =>
      (await cli(['service', 'inspect', '--format', '{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}{{.SecretName}} {{end}}', service])).trim();
    const versions = async () =>
      (await cli(['secret', 'ls', '--format', '{{.Name}}']))
        .split('\n')
        .filter((name) => name.startsWith('fault-pw'))
        .sort();
    try {
      const started = await host.api<{ data: { id: string } }>('POST', `${base}/secrets/fault-pw/rotate`, { value: 'second value' });
      expect(started.status).toBe(202);
      const rotation = `${base}/rotations/${started.body.data.id}`;
      // Killed as soon as the swarm has the service on the new version: its rolling update is under way.
      await eventually(async () => (await secretsOf()) === 'fault-pw-v2', { timeoutMs: 30_000, intervalMs: 100, what: 'the service moved to fault-pw-v2' });
      await host.kill();
      host = await startHostProcess({ dataDir: host.dataDir, pluginSettings: SETTINGS });

      // No click: the restarted panel's first sync reads the swarm and goes on with the rotation from its step.
      const after = (await host.api<{ data: { status: string } }>('GET', rotation)).body.data;
      expect(after.status).toBe('running');
      expect(await versions()).toEqual(['fault-pw', 'fault-pw-v2']);
      await probe();
      await eventually(async () => (await host.api<{ data: { status: string } }>('GET', rotation)).body.data.status === 'completed', {
        timeoutMs: 90_000,
        what: 'the picked-up rotation to complete',
      });
      const rotationNotices = (
        await host.api<{ data: { event: string; data: { family?: string } | null }[] }>('GET', '/api/v1/notifications?limit=500')
      ).body.data.filter((n) => n.event.startsWith('rotation.') && n.data?.family === 'fault-pw');
      expect(rotationNotices.map((n) => n.event)).toEqual(['rotation.finished']);
      expect(await versions()).toEqual(['fault-pw-v2']);
      expect(await secretsOf()).toBe('fault-pw-v2');
      const listed = (await host.api<{ data: { name: string; usedBy: { name: string }[] }[] }>('GET', `${base}/secrets`)).body.data;
      expect(listed.filter((s) => s.name.startsWith('fault-pw'))).toMatchObject([{ name: 'fault-pw-v2', usedBy: [{ name: service }] }]);
    } finally {
      await cli(['service', 'rm', service]);
      await eventually(
        async () => {
          const left = await versions();
          if (left.length) await cli(['secret', 'rm', ...left]).catch(() => undefined);
          return (await versions()).length === 0;
        },
        { timeoutMs: 60_000, what: 'the rotated secret removed once its service is gone' },
      );
    }
    await end();
  });

  it('lost nothing: the services and their specs, and the stored events', async () => {
    begin('nothing lost');
    await healthy();
    const names = (await cli(['service', 'ls', '--format', '{{.Name}}'])).trim().split('\n').sort();
    expect(names).toEqual([...SERVICES].sort());
    for (const name of SERVICES) expect(await cli(['service', 'inspect', '--format', '{{json .Spec}}', name]), `${name}'s spec`).toBe(specs[name]);
    const events = (await host.api<{ data: unknown[] }>('GET', `/api/v1/clusters/${uuid}/events?limit=500`)).body.data.length;
    expect(events).toBeGreaterThanOrEqual(eventsBefore);
    recordSuiteFigure('fault: nothing lost', { 'items lost': 0 });
    await end();
  });
});

import { describe, expect, inject, it } from 'vitest';
import { labDocker, labManager } from '../../lab/lab.ts';
import { LocalTransport } from './local-transport.ts';
import { SwarmClient } from './swarm-client.ts';

const lab = inject('lab');

describe('LocalTransport against the lab', () => {
  const state = lab;

  it("talks to a node's engine through its unix socket", async () => {
    const manager = labManager(state);
    const client = new SwarmClient(new LocalTransport({ socketPath: manager.socket }));
    const info = await client.info();
    const cliNodeId = (await labDocker(state, manager.name, ['info', '--format', '{{.Swarm.NodeID}}'])).trim();
    expect(info.Swarm.NodeID).toBe(cliNodeId);
    expect(info.Swarm.ControlAvailable).toBe(true);
  });

  it('gets a precondition error with Docker’s message from a worker asked for cluster state', async () => {
    const worker = state.nodes.find((node) => node.role === 'worker');
    if (!worker) return;
    const client = new SwarmClient(new LocalTransport({ socketPath: worker.socket }));
    await expect(client.listNodes()).rejects.toMatchObject({
      code: 'precondition',
      status: 503,
      message: expect.stringContaining('not a swarm manager'),
    });
  });

  it('reports a missing socket as unreachable', async () => {
    const client = new SwarmClient(new LocalTransport({ socketPath: `${state.dir}/no-such.sock` }));
    await expect(client.ping()).rejects.toMatchObject({ code: 'unreachable', message: expect.stringContaining('ENOENT') });
  });
});

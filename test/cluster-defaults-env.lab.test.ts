/**
 * `npm start` takes the plugin-wide defaults of cluster settings from the environment (the README's `CLUSTERS_*`
 * table): the reference host run as its own process with each of them set, on the lab swarm, gives a detected
 * cluster those settings, and `CLUSTERS_AUTO_LINK_NODES=0` leaves the workers' servers unlinked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServers } from '../lab/lab.ts';
import { type HostProcess, startHostProcess } from './support/host-process.ts';
import { registerLab } from './support/lab-host.ts';
import { lab } from './support/test-lab.ts';

describe('cluster setting defaults from the environment', () => {
  let panel: HostProcess;

  beforeAll(async () => {
    panel = await startHostProcess({
      env: {
        CLUSTERS_SYNC_INTERVAL: '17',
        CLUSTERS_EVENT_RETENTION_DAYS: '3',
        CLUSTERS_SERVICE_SHORT_GRACE: '9',
        CLUSTERS_NODE_RESOURCES_REFRESH: '11',
        CLUSTERS_AUTO_LINK_NODES: '0',
      },
    });
  });

  afterAll(async () => {
    await panel?.stop();
  });

  it('gives a detected cluster those settings, as its defaults, and links only its managers', async () => {
    const { uuid, serverIds } = await registerLab(panel, lab);
    const cluster = (await panel.api('GET', `/api/v1/clusters/${uuid}`)).body.data;
    expect(cluster.settings).toEqual({
      syncIntervalSeconds: 17,
      eventRetentionDays: 3,
      shortServiceGraceSeconds: 9,
      nodeResourceRefreshSeconds: 11,
      autoLinkNodes: false,
    });
    expect(cluster.changedSettings).toEqual([]);
    const managers = labServers(lab)
      .filter((s) => s.swarmManager)
      .map((s) => serverIds[s.name]);
    expect(managers.length).toBeLessThan(lab.nodes.length);
    expect(cluster.servers.map((s: { serverId: string }) => s.serverId).sort()).toEqual(managers.sort());
  });
});

/**
 * The abuse suite on the reference host with the plugin, no swarm: team A's cluster is a row whose manager is
 * never reached (every refusal comes before any Docker call, and reaching for the manager's SSH key fails the
 * test). See test/support/abuse/ for the routes, the cases and the checks; test/abuse.lab.test.ts runs the same
 * against a real swarm.
 */
import { createTestHost, TEST_PRIVATE_KEY } from '../host/testing.ts';
import { openPluginDatabase } from '../src/db/database.ts';
import { ClusterRepository } from '../src/db/repositories/cluster-repository.ts';
import { createClustersPlugin } from '../src/index.ts';
import { defineAbuseSuite } from './support/abuse/abuse-suite.ts';
import { abuseCallers, countKeyLookups } from './support/abuse/abuse-target.ts';
import { databaseSnapshot } from './support/abuse/answers.ts';
import { listRoutes } from './support/abuse/route-cases.ts';

defineAbuseSuite(
  'no swarm',
  async () => {
    // No periodic sync: it would reach for the manager and mark the cluster unreachable in the middle of a test.
    const host = await createTestHost({ plugin: (opts) => ({ ...createClustersPlugin(opts), jobs: [] }) });
    const addServer = async (name: string, swarmManager: boolean) => {
      // A documentation address: nothing answers there, and nothing may try.
      const res = await host.api('POST', '/api/v1/servers', { body: { name, ip: '192.0.2.10', privateKey: TEST_PRIVATE_KEY, swarmManager } });
      if (res.status !== 201) throw new Error(`server ${name}: ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const manager = await addServer('abuse-a-manager', true);
    // The application runs on a server of no cluster, so its form never reads a swarm.
    const appServer = await addServer('abuse-a-app-server', false);
    const application = await host.api('POST', '/api/v1/applications', { body: { name: 'abuse-a-application', serverId: appServer } });
    const cluster = new ClusterRepository(openPluginDatabase(host.sqlite)).insert({
      uuid: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      teamId: host.ownerTeamId,
      name: 'abuse-a-cluster',
      managerServerId: manager,
      swarmId: 'swarm-abuse',
    });
    const callers = await abuseCallers(host);
    const keyLookups = countKeyLookups(host.services);
    return {
      target: {
        request: (path, init) => Promise.resolve(host.app.request(path, init)),
        routes: listRoutes(host.app),
        ids: {
          cluster: cluster.uuid,
          application: application.body.uuid,
          server: manager,
          token: callers.readOnlyTokenId,
          node: 'n1',
          service: 's1',
          task: 't1',
          secret: 'x1',
          config: 'c1',
          rotation: 'r1',
          stack: 'abuse-stack',
          hostAsset: 'host.css',
          pluginAsset: 'clusters.css',
        },
        placeholders: { server: manager, privateKey: TEST_PRIVATE_KEY, viewerUser: callers.viewerUserId },
        teamSecrets: ['abuse-a-cluster', 'abuse-a-manager', 'abuse-a-app-server', 'abuse-a-application'],
        ownerAddresses: [],
        ...callers.callers,
        snapshot: async () => databaseSnapshot(host.sqlite),
        dockerReached: keyLookups,
      },
      close: () => host.close(),
    };
  },
  { lab: false },
);

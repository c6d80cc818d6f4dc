/**
 * The abuse suite against a real swarm: team A's cluster is the lab's, with a service running, and the ids in
 * the paths are its real node, service and task. Every abusive request is refused before it reaches the swarm:
 * the nodes' and services' specs are compared before and after each test, with the database.
 */
import { createTestHost, TEST_PRIVATE_KEY } from '../host/testing.ts';
import { LAB_IMAGE } from '../lab/lab.ts';
import { createClustersPlugin } from '../src/index.ts';
import { defineAbuseSuite } from './support/abuse/abuse-suite.ts';
import { abuseCallers } from './support/abuse/abuse-target.ts';
import { databaseSnapshot } from './support/abuse/answers.ts';
import { listRoutes } from './support/abuse/route-cases.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const SERVICE = 'abuse-web';
const SECRET = 'abuse-secret-a';
const CONFIG = 'abuse-config-a';
const lines = (text: string) => text.split('\n').filter(Boolean).sort();

/** What no refused request may change: which nodes and services there are, their specs, the secrets and configs. */
async function swarmSnapshot(): Promise<unknown> {
  const nodes = lines(await cli(['node', 'ls', '-q']));
  const services = lines(await cli(['service', 'ls', '-q']));
  return {
    nodes: lines(await cli(['node', 'inspect', ...nodes, '--format', '{{.ID}} {{json .Spec}}'])),
    services: services.length ? lines(await cli(['service', 'inspect', ...services, '--format', '{{.ID}} {{json .Spec}} {{json .PreviousSpec}}'])) : [],
    secrets: lines(await cli(['secret', 'ls', '-q'])),
    configs: lines(await cli(['config', 'ls', '-q'])),
  };
}

defineAbuseSuite(
  'lab swarm',
  async () => {
    // No periodic sync: the database changes only by what the requests do.
    const host = await createTestHost({ plugin: (opts) => ({ ...createClustersPlugin(opts), jobs: [] }) });
    const { uuid, serverIds } = await registerLab({ api: (method, path, body, token) => host.api(method, path, { body, token }) }, lab);
    const renamed = await host.api('PATCH', `/api/v1/clusters/${uuid}`, { body: { name: 'abuse-a-cluster' } });
    if (renamed.status !== 200) throw new Error(`rename: ${JSON.stringify(renamed.body)}`);
    const managerNode = lab.nodes.find((n) => n.role === 'manager')!;
    const managerServer = serverIds[managerNode.name]!;
    const application = await host.api('POST', '/api/v1/applications', { body: { name: 'abuse-a-application', serverId: managerServer } });
    if (application.status !== 201) throw new Error(`application: ${JSON.stringify(application.body)}`);

    await cli(['service', 'create', '--detach', '--name', SERVICE, '--replicas', '1', '--stop-grace-period', '1s', LAB_IMAGE, 'sleep', '3600']);
    const task = await eventually(async () => (await cli(['service', 'ps', SERVICE, '-q', '--no-trunc', '--filter', 'desired-state=running'])).trim(), {
      what: `a task of ${SERVICE}`,
    });
    const worker = lab.nodes.find((n) => n.role === 'worker')!;
    const node = (await cli(['node', 'inspect', worker.name, '--format', '{{.ID}}'])).trim();
    const service = (await cli(['service', 'inspect', SERVICE, '--format', '{{.ID}}'])).trim();
    const secret = (await cli(['secret', 'create', SECRET, '-'], 'abuse-value')).trim();
    const config = (await cli(['config', 'create', CONFIG, '-'], 'abuse-data')).trim();
    const callers = await abuseCallers(host);
    return {
      target: {
        request: (path, init) => Promise.resolve(host.app.request(path, init)),
        routes: listRoutes(host.app),
        ids: {
          cluster: uuid,
          application: application.body.uuid,
          server: managerServer,
          token: callers.readOnlyTokenId,
          node,
          service,
          task: task.split('\n')[0]!,
          secret,
          config,
          rotation: 'r1',
          stack: 'abuse-stack',
          hostAsset: 'host.css',
          pluginAsset: 'clusters.css',
        },
        placeholders: { server: managerServer, privateKey: TEST_PRIVATE_KEY, viewerUser: callers.viewerUserId },
        teamSecrets: ['abuse-a-cluster', 'abuse-a-application'],
        ownerAddresses: lab.nodes.map((n) => n.ip),
        ...callers.callers,
        snapshot: async () => ({ database: databaseSnapshot(host.sqlite), swarm: await swarmSnapshot() }),
      },
      async close() {
        await cli(['service', 'rm', SERVICE]).catch(() => {});
        await cli(['secret', 'rm', SECRET]).catch(() => {});
        await cli(['config', 'rm', CONFIG]).catch(() => {});
        await host.close();
      },
    };
  },
  { lab: true },
);

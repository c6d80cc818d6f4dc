/**
 * A host that deploys applications itself labels their services its own way: with `applications.taskLabel` set to
 * that label, the application's task widget finds the tasks by it (valued with the application's uuid), and no
 * longer by the stack namespace. Compared with `docker service ps` on the lab's manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labServers } from '../lab/lab.ts';
import { type ClustersPlugin, createClustersPlugin } from '../src/index.ts';
import { createMinimalHost, type MinimalHost } from './support/minimal-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab } from './support/test-lab.ts';

const LABEL = 'com.example.panel.app';

describe('the task widget with a host’s own label', () => {
  let host: MinimalHost;
  let plugin: ClustersPlugin;
  let token: string;
  let appUuid: string;
  const names = { own: `own-label-${Date.now()}`, stack: `stack-label-${Date.now()}` };

  const taskIds = async (service: string) =>
    (await cli(['service', 'ps', service, '--no-trunc', '--format', '{{.ID}}'])).trim().split('\n').filter(Boolean).sort();
  const widget = () =>
    plugin.widget.render({ request: new Request('http://panel/app', { headers: { authorization: `Bearer ${token}` } }), applicationUuid: appUuid });
  const shownTasks = (html: string) => [...html.matchAll(/data-task="([^"]+)"/g)].map((m) => m[1]!).sort();

  beforeAll(async () => {
    host = createMinimalHost();
    plugin = createClustersPlugin({
      host: host.services,
      info: host.info,
      settings: { applications: { taskLabel: LABEL }, cacheTtlSeconds: { services: 1, tasks: 1 } },
    });
    plugin.migrate();
    for (const { node: _node, ...server } of labServers(lab)) host.addServer({ teamId: 'team-a', ...server });
    token = host.token({ teamId: 'team-a', role: 'owner' });
    appUuid = host.addApplication({ teamId: 'team-a', name: 'web', serverId: null }).uuid;
    const detect = await plugin.api.request('/detect', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(detect.status).toBe(200);
    // The host's deployer labels the service its way; a stack with the uuid as namespace is not the application here.
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      names.own,
      '--label',
      `${LABEL}=${appUuid}`,
      '--replicas',
      '2',
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      names.stack,
      '--label',
      `com.docker.stack.namespace=${appUuid}`,
      'lab/busybox:latest',
      'sleep',
      '3600',
    ]);
  });

  afterAll(async () => {
    await cli(['service', 'rm', names.own, names.stack]).catch(() => undefined);
    await plugin?.stop();
  });

  it('shows the tasks of the service carrying the label, as docker service ps lists them, and not the stack’s', async () => {
    const expected = await eventually(
      async () => {
        const ids = await taskIds(names.own);
        return ids.length === 2 ? ids : null;
      },
      { what: `two tasks of ${names.own}` },
    );
    const html = await eventually(
      async () => {
        const rendered = await widget();
        return shownTasks(rendered).length === 2 ? rendered : null;
      },
      { what: 'the widget to show the two tasks' },
    );
    expect(shownTasks(html)).toEqual(expected);
    const stackTasks = await taskIds(names.stack);
    expect(stackTasks.length).toBeGreaterThan(0);
    for (const id of stackTasks) expect(html).not.toContain(id);
  });
});

/**
 * The operation fragments of the pages on the reference host, against the lab swarm: what htmx gets back
 * (always a swapped fragment, never a redirect), CSRF, who may act, escaping, and the add-node wizard
 * whose join command really adds a fresh lab node. Outcomes are read back with the docker CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, type TestHost } from '../host/testing.ts';
import { labDocker, labNodeAdd, labOptions, labState } from '../lab/lab.ts';
import { createClustersPlugin } from '../src/index.ts';
import { registerLab } from './support/lab-host.ts';
import { eventually } from './support/plugin-fixture.ts';
import { cli, lab, manager } from './support/test-lab.ts';

const nodeSpec = async (id: string) =>
  JSON.parse(await cli(['node', 'inspect', id, '--format', '{{json .Spec}}'])) as { Availability: string; Role: string; Labels: Record<string, string> | null };
const runningOn = async (nodeId: string) =>
  (await cli(['node', 'ps', nodeId, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.CurrentState}}']))
    .split('\n')
    .filter((l) => l.startsWith('pages-ops') && /^\S+ Running/.test(l)).length;
const attr = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];

describe('operation fragments of the pages', () => {
  let host: TestHost;
  let owner: BrowserSession;
  let member: BrowserSession;
  let base: string;
  let workerId: string;

  beforeAll(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    const { uuid } = await registerLab({ api: (method, path, body) => host.api(method, path, { body }) }, lab);
    base = `/clusters/${uuid}`;
    await cli([
      'service',
      'create',
      '--detach',
      '--name',
      'pages-ops',
      '--replicas',
      '4',
      '--stop-grace-period',
      '1s',
      'lab/busybox:latest',
      'sh',
      '-c',
      'echo started; exec sleep 3600',
    ]);
    workerId = (await cli(['node', 'ls', '--filter', 'role=worker', '-q'])).trim().split('\n')[0]!;
    await eventually(async () => (await runningOn(workerId)) > 0, { what: 'tasks on the worker' });
    owner = await host.login('owner@example.com', 'owner-password-1');
    const m = await host.addUser({ role: 'member' });
    member = await host.login(m.email, m.password);
  });

  afterAll(async () => {
    await cli(['service', 'rm', 'pages-ops']).catch(() => {});
    await cli(['node', 'update', '--availability', 'active', workerId]).catch(() => {});
    await host?.close();
  });

  it('drains from the panel: confirm with the count, then progress down to zero; activate brings it back', async () => {
    const moving = await runningOn(workerId);
    const confirm = await owner.request(`${base}/nodes/${workerId}/drain`, { htmx: true });
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(attr(confirmHtml, 'data-tasks-moving')).toBe(String(moving));
    expect(confirmHtml).toMatch(new RegExp(`>${moving}</strong> tasks? will move off this node`));

    const drained = await owner.request(`${base}/nodes/${workerId}/availability`, { htmx: true, form: { availability: 'drain' } });
    expect(drained.status).toBe(200);
    expect(drained.headers.get('hx-trigger')).toBe('swarm-changed');
    const progressHtml = await drained.text();
    expect(progressHtml).toContain(`data-drain-progress="${workerId}"`);
    expect((await nodeSpec(workerId)).Availability).toBe('drain');

    // Follow the fragment's own polling URL until it says nothing is left.
    let fragment = progressHtml;
    const lefts: number[] = [];
    await eventually(
      async () => {
        const next = attr(fragment, 'hx-get');
        if (!next) return true;
        fragment = await (await owner.request(next.replaceAll('&amp;', '&'), { htmx: true })).text();
        lefts.push(Number(attr(fragment, 'data-left')));
        return !attr(fragment, 'hx-get');
      },
      { what: 'the drain progress to reach zero', intervalMs: 1000 },
    );
    expect(attr(fragment, 'data-left')).toBe('0');
    expect(fragment).toContain('All tasks moved off');
    expect(lefts.at(-1)).toBe(0);
    expect(await runningOn(workerId)).toBe(0);

    const back = await owner.request(`${base}/nodes/${workerId}/availability`, { htmx: true, form: { availability: 'active' } });
    expect(await back.text()).toContain('is active again');
    expect((await nodeSpec(workerId)).Availability).toBe('active');
  });

  it('refuses a write without the CSRF header, and a member gets the reason in the panel; nothing changes', async () => {
    const noCsrf = await owner.request(`${base}/nodes/${workerId}/availability`, { form: { availability: 'pause' }, headers: { 'HX-Request': 'true' } });
    expect(noCsrf.status).toBe(403);
    const refused = await member.request(`${base}/nodes/${workerId}/availability`, { htmx: true, form: { availability: 'pause' } });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toMatch(/the member role may not operate clusters/);
    const plain = await member.request(`${base}/nodes/${workerId}/availability`, { form: { availability: 'pause' }, headers: { 'X-CSRF-Token': member.csrf } });
    expect(plain.status).toBe(403);
    expect((await nodeSpec(workerId)).Availability).toBe('active');
    // The member sees the pages without any write control.
    const overview = await (await member.request(base)).text();
    expect(overview).not.toContain('data-node-actions');
    const ownerOverview = await (await owner.request(base)).text();
    expect(ownerOverview).toContain(`data-node-actions="${workerId}"`);
  });

  it('refuses demoting the last manager with the reason, never a redirect', async () => {
    const managerId = (await cli(['info', '--format', '{{.Swarm.NodeID}}'])).trim();
    const res = await owner.request(`${base}/nodes/${managerId}/demote`, { htmx: true, method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/is the last manager: demoting it would leave the swarm without a manager/);
    expect((await nodeSpec(managerId)).Role).toBe('manager');
  });

  it('edits labels; a key with spaces is refused in the editor; Docker strings are escaped', async () => {
    const bad = await owner.request(`${base}/nodes/${workerId}/labels`, { htmx: true, form: { add_key: 'my zone', add_value: 'a' } });
    expect(bad.status).toBe(200);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/no spaces/);
    expect(badHtml).toContain('data-label-editor');
    expect((await nodeSpec(workerId)).Labels ?? {}).toEqual({});

    const ok = await owner.request(`${base}/nodes/${workerId}/labels`, { htmx: true, form: { add_key: 'zone', add_value: '<img src=x onerror=alert(1)>' } });
    const okHtml = await ok.text();
    expect(okHtml).toContain('Labels saved.');
    expect(okHtml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(okHtml).not.toContain('<img src=x');
    expect((await nodeSpec(workerId)).Labels).toEqual({ zone: '<img src=x onerror=alert(1)>' });

    const removed = await owner.request(`${base}/nodes/${workerId}/labels`, { htmx: true, form: { remove: 'zone' } });
    expect(await removed.text()).toContain('No labels yet.');
    expect((await nodeSpec(workerId)).Labels ?? {}).toEqual({});
  });

  it('scales from the services row: a bad count is refused in the panel, a good one shows progress until it settles', async () => {
    const service = JSON.parse(await cli(['service', 'inspect', 'pages-ops', '--format', '{{json .}}'])) as { ID: string; Version: { Index: number } };
    const bad = await owner.request(`${base}/services/${service.ID}/scale`, { htmx: true, form: { replicas: '-1' } });
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('replicas: replicas must be 0 or more');
    const same = JSON.parse(await cli(['service', 'inspect', 'pages-ops', '--format', '{{json .}}'])) as { Version: { Index: number } };
    expect(same.Version.Index).toBe(service.Version.Index);

    const scaled = await owner.request(`${base}/services/${service.ID}/scale`, { htmx: true, form: { replicas: '2' } });
    let fragment = await scaled.text();
    expect(fragment).toContain('Scaled from 4 to 2');
    await eventually(
      async () => {
        const next = attr(fragment, 'hx-get');
        if (next) fragment = await (await owner.request(next.replaceAll('&amp;', '&'), { htmx: true })).text();
        return attr(fragment, 'data-settled') === 'true';
      },
      { what: 'the scale to settle', intervalMs: 1000 },
    );
    expect(attr(fragment, 'data-phase')).toBe('converged');
    expect(fragment).toMatch(/<strong>2<\/strong> of 2 tasks running on the current spec/);
    expect((await cli(['service', 'ls', '--filter', 'name=pages-ops', '--format', '{{.Replicas}}'])).trim()).toBe('2/2');
  });

  it('shows the logs page, and a logs page of an unknown service is a 404', async () => {
    const page = await owner.request(`${base}/services/pages-ops/logs?tail=100`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Logs of pages-ops');
    expect(html).toContain(`data-logs-stream="${base}/services/pages-ops/logs/stream"`);
    // Lines say which task wrote them, as the CLI names tasks.
    expect(html).toMatch(/<span class="cl-log-source">pages-ops\.\d+@[^<]+ \| <\/span>/);
    expect((await owner.request(`${base}/services/nope/logs`)).status).toBe(404);
  });

  it("keeps join tokens from read-only tokens of owners and admins on the reference host's API", async () => {
    const api = `/api/v1${base}`;
    const admin = await host.addUser({ role: 'admin', abilities: ['read'] });
    const owner = await host.addUser({ role: 'owner', abilities: ['read'] });
    for (const { token } of [admin, owner]) {
      for (const role of ['worker', 'manager']) {
        const res = await host.api('GET', `${api}/join-command?role=${role}`, { token });
        expect(res.status, role).toBe(403);
        expect(JSON.stringify(res.body)).not.toContain('SWMTKN');
      }
    }
    const allowed = await host.api('GET', `${api}/join-command?role=manager`);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.token).toMatch(/^SWMTKN-/);
  });

  it('add-node wizard: admins get the join command, which adds a fresh node the wizard then sees', async () => {
    const memberPage = await (await member.request(`${base}/add-node`)).text();
    expect(memberPage).toContain('Only admins and owners can see the join command');
    expect(memberPage).not.toContain('SWMTKN');
    const memberCommand = await (await member.request(`${base}/add-node/command?role=worker`, { htmx: true })).text();
    expect(memberCommand).not.toContain('SWMTKN');

    const page = await (await owner.request(`${base}/add-node`)).text();
    expect(page).toContain(`hx-get="${base}/add-node/command"`);
    const step = await owner.request(`${base}/add-node/command?role=worker`, { htmx: true });
    expect(step.headers.get('cache-control')).toBe('no-store');
    let fragment = await step.text();
    const command = /<code>(docker swarm join --token [^<]+)<\/code>/.exec(fragment)?.[1];
    expect(command).toMatch(new RegExp(`^docker swarm join --token SWMTKN-\\S+ ${manager().ip}:2377$`));

    const fresh = await labNodeAdd(labOptions(lab));
    const grown = (await labState(labOptions(lab)))!;
    try {
      // The command split into words, run without a shell.
      await labDocker(grown, fresh.name, command!.split(' ').slice(1));
      await eventually(
        async () => {
          const waiting = /<div[^>]*data-waiting[^>]*>/.exec(fragment)?.[0] ?? '';
          const next = attr(waiting, 'hx-get');
          if (next) fragment = await (await owner.request(next.replaceAll('&amp;', '&'), { htmx: true })).text();
          return fragment.includes('data-joined-node');
        },
        { what: 'the wizard to see the new node', intervalMs: 2000 },
      );
      expect(fragment).toContain(`(${fresh.ip}) joined as a worker`);
      expect(fragment).toContain('data-label-editor');
      const nodes = await host.api('GET', `/api/v1${base}/nodes`);
      expect(nodes.body.data.some((n: { ip: string }) => n.ip === fresh.ip)).toBe(true);
    } finally {
      await labDocker(grown, fresh.name, ['swarm', 'leave', '--force']).catch(() => {});
      const id = attr(fragment, 'data-joined-node');
      if (id) await eventually(async () => await cli(['node', 'rm', '--force', id]).then(() => true), { what: 'the test node to be removed' }).catch(() => {});
    }
  });
});

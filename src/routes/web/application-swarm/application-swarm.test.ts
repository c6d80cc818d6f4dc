/**
 * The swarm deploy form on the reference host, without a swarm: rendering, validation beside the fields,
 * saving through the host contract, YAML round trip, permissions and team scope. Deploying on a real swarm is
 * test/application-deploy.lab.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_PRIVATE_KEY, type TestHost } from '../../../../host/testing.ts';
import { defaultForm, messageBeside } from '../../../../test/support/swarm-form.ts';
import { createClustersPlugin } from '../../../index.ts';

describe('swarm deploy form (no swarm)', () => {
  let host: TestHost;
  let browser: BrowserSession;
  let uuid: string;
  const url = (path = '') => `/clusters/applications/${uuid}/swarm${path}`;
  const post = (path: string, form: Record<string, string>, session = browser) => session.request(url(path), { form, htmx: true });

  beforeEach(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const server = await host.api('POST', '/api/v1/servers', {
      body: { name: 'm1', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: false },
    });
    uuid = (await host.api('POST', '/api/v1/applications', { body: { name: 'web', serverId: server.body.id } })).body.uuid;
  });
  afterEach(() => host.close());

  it('is embedded in the application page, prefilled with Docker’s defaults', async () => {
    const page = await (await browser.request(`/applications/${uuid}`)).text();
    expect(page).toContain('id="cl-swarm-deploy"');
    expect(page).not.toContain('goes here');
    expect(page).toMatch(/id="cl-swarm-replicas" name="replicas"[^>]*value="1"/);
    expect(page).toMatch(/id="cl-swarm-updateConfig-monitor" name="updateConfig.monitor"[^>]*value="5s"/);
    expect(page).toContain(`hx-post="/clusters/applications/${uuid}/swarm/deploy"`);
    // No cluster yet: the form says why a deploy has nowhere to go.
    expect(page).toContain('is not part of any cluster');
    // The YAML tab shows the inner mapping.
    expect(page).toMatch(/<textarea id="cl-swarm-yaml-deploy"[^>]*>mode: replicated\nreplicas: 1\n/);
    const partial = await browser.request(url(), { htmx: true });
    expect(partial.headers.get('vary')).toContain('HX-Request');
    expect(await partial.text()).toMatch(/^<section class="clusters cl-deploy" id="cl-swarm-deploy">/);
  });

  it('shows every invalid field’s message beside it and saves nothing', async () => {
    const res = await post('', {
      ...defaultForm(),
      replicas: '-1',
      'updateConfig.delay': '10 parsecs',
      'resources.limits.cpus': '0.5',
      'resources.reservations.cpus': '2',
      'labels.0.key': 'my label',
      'labels.0.value': 'x',
      'constraints.0.field': 'node.hostname',
      'constraints.0.operator': '==',
      'constraints.0.value': '',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('hx-retarget')).toBe('#cl-swarm-deploy');
    const html = await res.text();
    expect(messageBeside(html, 'replicas')).toBe('must be a whole number between 0 and 1000');
    expect(messageBeside(html, 'updateConfig.delay')).toBe(
      '"10 parsecs" is not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 10s, 1m30s or 500ms',
    );
    expect(messageBeside(html, 'resources.reservations.cpus')).toBe('must not exceed the CPU limit (0.5)');
    expect(messageBeside(html, 'labels.0.key')).toBe('must not contain spaces');
    expect(messageBeside(html, 'constraints.0.value')).toBe('is required');
    expect(html).toContain('5 fields need attention');
    // What was typed stays, so it can be corrected.
    expect(html).toMatch(/name="updateConfig.delay"[^>]*value="10 parsecs"/);
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toBeNull();
  });

  it('saves valid settings through the host, with the compose mapping for hosts that deploy with compose', async () => {
    const res = await post('', {
      ...defaultForm(),
      replicas: '3',
      workerOnly: 'on',
      'constraints.0.field': 'node.role',
      'constraints.0.operator': '==',
      'constraints.0.value': 'worker',
      // A removed row leaves a gap; an added but empty row is dropped.
      'constraints.2.field': 'node.labels.zone',
      'constraints.2.operator': '==',
      'constraints.2.value': 'a',
      'constraints.3.field': '',
      'constraints.3.value': '',
      'preferences.0.spread': 'node.labels.zone',
      'updateConfig.order': 'start-first',
    });
    const html = await res.text();
    expect(html).toContain('Saved. Deploy to apply the settings to the swarm.');
    const saved = (await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings;
    expect(saved).toMatchObject({
      replicas: 3,
      workerOnly: true,
      constraints: [
        { field: 'node.role', operator: '==', value: 'worker' },
        { field: 'node.labels.zone', operator: '==', value: 'a' },
      ],
      updateConfig: { order: 'start-first' },
    });
    expect(saved.compose.deploy.placement.constraints).toEqual(['node.role == worker', 'node.labels.zone == a']);
    expect(saved.compose.deploy).not.toHaveProperty('deploy');
    // Reloading shows what was saved.
    const again = await (await browser.request(url(), { htmx: true })).text();
    expect(again).toMatch(/name="replicas"[^>]*value="3"/);
    expect(again).toMatch(/name="constraints.1.value"[^>]*value="a"/);
  });

  it('reads pasted YAML into the form (round trip), naming what it cannot keep, without saving', async () => {
    const yaml = [
      'deploy:',
      '  replicas: 4',
      '  endpoint_mode: dnsrr',
      '  placement:',
      '    constraints: [node.role == worker, node.labels.zone == b]',
      '  resources:',
      '    limits: {cpus: "1", memory: 256M}',
      '  update_config: {parallelism: 2, order: start-first, delay: 10s}',
      'healthcheck:',
      '  test: ["CMD-SHELL", "true"]',
      '  interval: 5s',
    ].join('\n');
    const res = await post('/yaml', { ...defaultForm(), 'yaml.deploy': yaml });
    const html = await res.text();
    expect(html).toContain('Loaded from YAML');
    expect(html).toContain('Not kept (the form has no field for them): endpoint_mode');
    expect(html).toMatch(/name="replicas"[^>]*value="4"/);
    expect(html).toMatch(/name="workerOnly" value="on" checked/);
    expect(html).toMatch(/name="constraints.0.value"[^>]*value="b"/);
    expect(html).toMatch(/name="resources.limits.memory"[^>]*value="256M"/);
    expect(html).toMatch(/name="healthCheck.command"[^>]*value="true"/);
    // The YAML tab now shows the mapping the form produces: inner, one worker constraint.
    const produced = html.match(/<textarea id="cl-swarm-yaml-deploy"[^>]*>([^<]*)</)![1]!;
    expect(produced.split('\n').slice(0, 6)).toEqual([
      'mode: replicated',
      'replicas: 4',
      'placement:',
      '  constraints:',
      '    - node.role == worker',
      '    - node.labels.zone == b',
    ]);
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toBeNull();

    const broken = await (await post('/yaml', { ...defaultForm(), 'yaml.deploy': 'replicas: [4' })).text();
    expect(broken).toMatch(/deploy: YAML error on line 1/);
    for (const unreadable of ['replicas: *nowhere', 'a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]']) {
      const refused = await post('/yaml', { ...defaultForm(), 'yaml.deploy': unreadable });
      expect(refused.status, unreadable).toBe(200);
      expect(refused.headers.get('hx-retarget')).toBe('#cl-swarm-deploy');
      expect(await refused.text()).toMatch(/deploy: YAML error: (Unresolved alias|Excessive alias count)/);
    }
    const bad = await (await post('/yaml', { ...defaultForm(), 'yaml.deploy': 'replicas: -3' })).text();
    expect(messageBeside(bad, 'replicas')).toBe('must be a whole number between 0 and 1000');
  });

  it('explains a deploy with no cluster to go to, and deploys nothing', async () => {
    const res = await post('/deploy', { ...defaultForm(), replicas: '2' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Saved, but not deployed: the application&#39;s server m1 is not part of any cluster');
    const checked = await (await post('/preflight', defaultForm())).text();
    expect(checked).toContain('Placement not checked');
  });

  it('lets members view and check, not save or deploy; other teams get a 404', async () => {
    const member = await host.addUser({ role: 'member' });
    const session = await host.login(member.email, member.password);
    const form = await (await session.request(url(), { htmx: true })).text();
    expect(form).toContain('Only owners and admins may change or deploy these settings (you are member).');
    expect(form).toContain('<fieldset class="cl-plain" disabled="">');
    expect(form).not.toContain('Save and deploy');
    const saved = await post('', { ...defaultForm(), replicas: '5' }, session);
    expect(await saved.text()).toContain('Only owners and admins may change');
    const deployed = await post('/deploy', defaultForm(), session);
    expect(await deployed.text()).toContain('Only owners and admins may change');
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toBeNull();

    const other = await host.addTeam('Other');
    const outsider = await host.login(other.email, other.password);
    expect((await outsider.request(url(), { htmx: true })).status).toBe(404);
    expect((await post('', defaultForm(), outsider)).status).toBe(404);
  });

  it('refuses a browser post without the CSRF header', async () => {
    const res = await browser.request(url(), { form: { ...defaultForm(), replicas: '7' } });
    expect(res.status).toBe(403);
    expect((await host.api('GET', `/api/v1/applications/${uuid}`)).body.swarmSettings).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { taskSummary } from '../test/support/swarm-summaries-fixture.ts';
import { type ApplicationClusterTasks, ApplicationTasks } from './application-tasks.tsx';

const STACK = 'app-uuid';
const cluster = (patch: Partial<ApplicationClusterTasks>): ApplicationClusterTasks => ({
  clusterName: 'prod',
  clusterHref: '/clusters/c1',
  meta: { stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' },
  since: null,
  tasks: [],
  nodeNames: new Map(),
  ...patch,
});

describe('ApplicationTasks', () => {
  it('says how to get tasks when no cluster runs the stack', async () => {
    const html = await render(
      <ApplicationTasks url="/t" cssUrl="/c.css" stack={STACK} applicationName="shop" clusters={[]} renderedAt="2026-11-30T10:00:00.000Z" />,
    );
    expect(html).toContain('No swarm tasks for this application');
    expect(html).toContain('hx-trigger="every 15s"');
  });

  it('lists tasks in the order given, the stack prefix dropped from service names (the application named on hover), nodes by name, old tasks dimmed', async () => {
    const tasks = [
      taskSummary({ id: 't-run', serviceId: 's1', serviceName: `${STACK}_web`, slot: 1, nodeId: 'n1' }),
      taskSummary({ id: 't-old', serviceId: 's1', serviceName: `${STACK}_web`, slot: 1, desiredState: 'shutdown', state: 'shutdown' }),
    ];
    const html = await render(
      <ApplicationTasks
        url="/t"
        cssUrl="/c.css"
        stack={STACK}
        applicationName="shop"
        clusters={[cluster({ tasks, nodeNames: new Map([['n1', 'node-1']]) })]}
        renderedAt="2026-11-30T10:00:00.000Z"
      />,
    );
    expect(html.indexOf('data-task="t-run"')).toBeLessThan(html.indexOf('data-task="t-old"'));
    // Hovered: the application's name, not the stack's uuid.
    expect(html).toContain('<td title="shop_web">web<span class="cl-muted">.1</span></td>');
    expect(html).not.toContain(`title="${STACK}_web"`);
    expect(html).toContain('<td data-field="node">node-1</td>');
    expect(html).toContain('<tr data-task="t-old" class="cl-row-old">');
    expect(html).toContain('<a href="/clusters/c1">prod</a>');
  });

  it('renders Docker’s task errors and messages as text, and a cluster that could not be read as its error', async () => {
    const tasks = [taskSummary({ id: 't1', serviceId: 's1', serviceName: HOSTILE, error: HOSTILE, message: HOSTILE })];
    const html = await render(
      <ApplicationTasks
        url="/t"
        cssUrl="/c.css"
        stack={STACK}
        applicationName="shop"
        clusters={[cluster({ tasks }), cluster({ clusterName: 'down', error: HOSTILE })]}
        renderedAt="2026-11-30T10:00:00.000Z"
      />,
    );
    // The service name (cell and title), the state's title, the error, and the unreadable cluster's error.
    expectInert(html, 5);
    expect(html).toContain('<p class="cl-notice cl-notice-error">&quot;&gt;');
  });
});

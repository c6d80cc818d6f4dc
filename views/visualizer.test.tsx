import { describe, expect, it } from 'vitest';
import type { TaskSummary } from '../src/domain/swarm-summaries.ts';
import { type GridColumn, gridFilterOptions, type TaskGroup } from '../src/domain/visualizer-grid.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeSummary, taskSummary } from '../test/support/swarm-summaries-fixture.ts';
import { TaskGroupItem, VisualizerLive, type VisualizerProps, VisualizerShell } from './visualizer.tsx';

/** A column drawing its tasks one by one. */
const column = (node: GridColumn['node'], tasks: TaskSummary[]): GridColumn => ({ node, tasks, items: tasks.map((task) => ({ kind: 'task', task })) });

const props = (columns: GridColumn[]): VisualizerProps => ({
  url: '/clusters/c1/visualizer',
  taskUrl: (id) => `/clusters/c1/tasks/${id}`,
  groupsUrl: '/clusters/c1/visualizer/group',
  meta: { stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' },
  since: null,
  columns,
  filters: gridFilterOptions(columns),
  converging: false,
});

describe('VisualizerLive', () => {
  it('draws a column per node and one for tasks not placed, each task opening its details', async () => {
    const columns: GridColumn[] = [
      column(nodeSummary({ id: 'n1', hostname: 'node-1', isLeader: true, role: 'manager' }), [
        taskSummary({ id: 't1', serviceId: 's1', serviceName: 'web', slot: 1 }),
      ]),
      column(null, [taskSummary({ id: 't2', serviceId: 's1', serviceName: 'web', state: 'pending', slot: 2 })]),
    ];
    const html = await render(<VisualizerLive {...props(columns)} />);
    expect(html).toContain('data-node="n1" data-hostname="node-1"');
    expect(html).toContain('class="cl-col cl-col-unplaced"');
    expect(html).toContain('<div class="cl-col-title cl-strong">Not placed</div>');
    expect(html).toContain('class="cl-block cl-task-running" data-task="t1" data-service="web" data-kind="running"');
    expect(html).toContain('hx-get="/clusters/c1/tasks/t1"');
    // Filters offer only the services, states and nodes present.
    expect(html).toContain('<option value="pending">pending</option>');
    expect(html).not.toContain('<option value="failed">');
    expect(html).toContain('<script type="application/json" data-grid-options="node">[["n1","node-1"]]</script>');
  });

  it('says when the swarm reported no nodes', async () => {
    expect(await render(<VisualizerLive {...props([])} />)).toContain('The swarm reported no nodes.');
  });

  it('hands Docker’s strings to alpine only as escaped data, never inside an expression', async () => {
    const columns: GridColumn[] = [
      column(nodeSummary({ id: 'n1', hostname: HOSTILE }), [taskSummary({ id: 't1', serviceId: 's1', serviceName: HOSTILE, error: HOSTILE })]),
    ];
    const html = await render(<VisualizerLive {...props(columns)} />);
    // Node: data-hostname, title, text. Task: data-service, title (name and error), block name.
    expectInert(html, 7);
    // Filter options (node text, service value and text): JSON whose `<`, `>` and `&` are escapes, so the data block
    // cannot be closed from inside.
    expect(html.split(JSON.stringify(HOSTILE).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e')).length - 1).toBe(3);
    for (const expression of html.matchAll(/x-(?:show|data|on:click|bind:[a-z-]+)="([^"]*)"/g)) expect(expression[1]).not.toContain('&lt;');
  });
});

describe('a column holding many tasks', () => {
  const tasks = [1, 2, 3].map((slot) => taskSummary({ id: `t${slot}`, serviceId: 's1', serviceName: 'web', slot, nodeId: 'n1' }));
  const group: TaskGroup = { key: 'n1/s1/running', serviceName: 'web', stateKind: 'running', tasks };
  const grouped = (expanded: boolean): GridColumn => ({ node: nodeSummary({ id: 'n1' }), tasks, items: [{ kind: 'group', group, expanded }] });

  it('draws a service’s tasks as one chip with their count, its group and the groups’ URL for the pages’ script', async () => {
    const html = await render(<VisualizerLive {...props([grouped(false)])} />);
    expect(html).toContain(
      'class="cl-block cl-chip cl-task-running" data-group="n1/s1/running" data-service="web" data-kind="running" data-count="3" aria-expanded="false"',
    );
    // x-ignore: alpine does not walk the grid of a region swapped in whole.
    expect(html).toContain('<div class="cl-columns" data-groups-url="/clusters/c1/visualizer/group" x-ignore="true">');
    // The service and node filters carry their options as JSON until first focused.
    expect(html).toContain(
      '<option value="">All services</option></select><script type="application/json" data-grid-options="service">[["web","web"]]</script>',
    );
    // No handler or directive per chip: one delegated handler asks for the group, filters apply by data-*.
    expect(html).not.toMatch(/hx-get="[^"]*visualizer\/group|\sx-(?!ignore)[a-z]+=/);
    // One element: the count is drawn from data-count.
    expect(html).toMatch(/title="web: 3 tasks running, click to show them">web<\/button>/);
    expect(html).not.toContain('data-task=');
    expect(html).toContain('<div class="cl-muted cl-small" data-field="task-count">3 tasks</div>');
    // The live refresh sends the expanded groups back.
    expect(html).toContain('hx-include="#cl-visualizer-live input[name=&#39;expand&#39;], #cl-visualizer-live input[name=&#39;columns&#39;]"');
  });

  it('draws an expanded group’s tasks after its chip, with the field that keeps it open across live re-renders', async () => {
    const html = await render(<VisualizerLive {...props([grouped(true)])} />);
    expect(html).toContain('<div class="cl-group" data-service="web" data-kind="running">');
    expect(html).toContain('<input type="hidden" name="expand" value="n1/s1/running"/>');
    expect(html).toContain('data-group="n1/s1/running" data-service="web" data-kind="running" data-count="3" aria-expanded="true"');
    expect(html.match(/data-task="t\d"/g)).toHaveLength(3);
  });

  it('renders a hostile service name in a chip as text', async () => {
    const hostile: TaskGroup = { ...group, serviceName: HOSTILE };
    const html = await render(<TaskGroupItem group={hostile} expanded={false} taskUrl={(id) => id} />);
    // data-service, the title, the name.
    expectInert(html, 3);
  });
});

describe('VisualizerShell', () => {
  it('starts on the view the URL asked for, the grid otherwise', async () => {
    expect(await render(<VisualizerShell initialView="topology" />)).toContain('data-view="topology"');
    expect(await render(<VisualizerShell initialView="grid" />)).toContain('data-view="grid"');
    expect(await render(<VisualizerShell initialView={'x' as 'grid'} />)).toContain('data-view="grid"');
  });
});

import { describe, expect, it } from 'vitest';
import type { GridColumn } from '../src/domain/visualizer-grid.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeView, taskView } from '../test/support/swarm-views-fixture.ts';
import { VisualizerLive, type VisualizerProps, VisualizerShell } from './visualizer.tsx';

const props = (columns: GridColumn[]): VisualizerProps => ({
  url: '/clusters/c1/visualizer',
  taskUrl: (id) => `/clusters/c1/tasks/${id}`,
  meta: { stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' },
  since: null,
  columns,
  layout: { width: 100, height: 100, nodes: [], links: [] },
  converging: false,
});

describe('VisualizerLive', () => {
  it('draws a column per node and one for tasks not placed, each task opening its details', async () => {
    const columns: GridColumn[] = [
      {
        node: nodeView({ id: 'n1', hostname: 'node-1', isLeader: true, role: 'manager' }),
        tasks: [taskView({ id: 't1', serviceId: 's1', serviceName: 'web', slot: 1 })],
      },
      { node: null, tasks: [taskView({ id: 't2', serviceId: 's1', serviceName: 'web', state: 'pending', slot: 2 })] },
    ];
    const html = await render(<VisualizerLive {...props(columns)} />);
    expect(html).toContain('data-node="n1" data-hostname="node-1"');
    expect(html).toContain('class="cl-col cl-col-unplaced"');
    expect(html).toContain('<span class="cl-strong">Not placed</span>');
    expect(html).toContain('class="cl-block cl-task-running" data-task="t1" data-service="web" data-kind="running"');
    expect(html).toContain('hx-get="/clusters/c1/tasks/t1"');
    // Filters offer only the services, states and nodes present.
    expect(html).toContain('<option value="pending">pending</option>');
    expect(html).not.toContain('<option value="failed">');
    expect(html).toContain('<option value="n1">node-1</option>');
  });

  it('says when the swarm reported no nodes', async () => {
    expect(await render(<VisualizerLive {...props([])} />)).toContain('The swarm reported no nodes.');
  });

  it('hands Docker’s strings to alpine only as escaped data, never inside an expression', async () => {
    const columns: GridColumn[] = [
      { node: nodeView({ id: 'n1', hostname: HOSTILE }), tasks: [taskView({ id: 't1', serviceId: 's1', serviceName: HOSTILE, error: HOSTILE })] },
    ];
    const html = await render(<VisualizerLive {...props(columns)} />);
    // Node: data-hostname, title, text, filter option. Task: data-service, title (name and error), block name, filter option (value and text).
    expectInert(html, 10);
    for (const expression of html.matchAll(/x-(?:show|data|on:click|bind:[a-z-]+)="([^"]*)"/g)) expect(expression[1]).not.toContain('&lt;');
  });
});

describe('VisualizerShell', () => {
  it('starts on the view the URL asked for, the grid otherwise', async () => {
    expect(await render(<VisualizerShell initialView="topology" />)).toContain('view: &#39;topology&#39;');
    expect(await render(<VisualizerShell initialView="grid" />)).toContain('view: &#39;grid&#39;');
    expect(await render(<VisualizerShell initialView={'x' as 'grid'} />)).toContain('view: &#39;grid&#39;');
  });
});

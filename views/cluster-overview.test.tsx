import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { nodeSummary } from '../test/support/swarm-summaries-fixture.ts';
import { OverviewCards, OverviewLive, type OverviewProps } from './cluster-overview.tsx';

const counts = {
  nodes: { total: 3, managers: 1, workers: 2, down: 1 },
  services: { total: 2, running: 1, updating: 0, failed: 1 },
  tasks: { running: 4, pending: 0, failed: 2 },
};
const props = (patch: Partial<OverviewProps> = {}): OverviewProps => ({
  url: '/clusters/c1',
  resourcesUrl: '/clusters/c1/resources',
  meta: { stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' },
  since: null,
  health: { status: 'healthy', reasons: [] },
  dockerVersion: '24.0.7',
  swarmId: 'abcdefghijklmnop',
  counts,
  nodes: [nodeSummary({ id: 'n1' })],
  canOperate: false,
  converging: false,
  ...patch,
});

describe('OverviewCards', () => {
  it('shows the counts, flagging only non-zero bad ones', async () => {
    const html = await render(<OverviewCards health={{ status: 'degraded', reasons: [] }} dockerVersion="24.0.7" swarmId="abcdefghijklmnop" counts={counts} />);
    expect(html).toContain('<div class="cl-stat cl-stat-bad"><span class="cl-stat-value" data-field="nodes-down">1</span>');
    expect(html).toContain('<div class="cl-stat"><span class="cl-stat-value" data-field="tasks-pending">0</span>');
    expect(html).toContain('<span title="abcdefghijklmnop"> · swarm abcdefghij</span>');
    expect(html).toContain('class="cl-card cl-edge-degraded"');
  });

  it('lists four reasons and counts the rest, as text', async () => {
    const reasons = [HOSTILE, 'b', 'c', 'd', 'e', 'f'];
    const html = await render(<OverviewCards health={{ status: 'degraded', reasons }} dockerVersion={null} swarmId={null} counts={counts} />);
    expect(html).toContain('<li class="cl-muted">and 2 more</li>');
    expect(html).not.toContain('<li>e</li>');
    expect(html).toContain('Docker —');
    expectInert(html, 1);
  });
});

describe('OverviewLive', () => {
  it('offers "Add a node" and node actions only to those who may operate', async () => {
    const operator = await render(<OverviewLive {...props({ canOperate: true })} />);
    expect(operator).toContain('href="/clusters/c1/add-node"');
    expect(operator).toContain('data-node-actions="n1"');
    const viewer = await render(<OverviewLive {...props()} />);
    expect(viewer).not.toContain('add-node');
    expect(viewer).not.toContain('data-node-actions');
  });

  it('keeps the resource row across live re-renders, and says when the data is stale and why', async () => {
    const html = await render(<OverviewLive {...props({ meta: { stale: true, fetchedAt: '2026-11-30T10:00:00.000Z', reason: HOSTILE } })} />);
    expect(html).toContain('<div id="cl-resources-slot" hx-preserve="true">');
    expect(html).toContain('Manager unreachable');
    expectInert(html, 1);
  });
});

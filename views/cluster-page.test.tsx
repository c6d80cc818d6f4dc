import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { type ClusterHeader, ClusterPage } from './cluster-page.tsx';

const cluster = (patch: Partial<ClusterHeader> = {}): ClusterHeader => ({
  uuid: 'c1',
  name: 'prod',
  description: null,
  status: 'healthy',
  statusReason: null,
  statusChangedAt: null,
  lastSyncAt: null,
  ...patch,
});
const page = (header: ClusterHeader, liveState?: string) => (
  <ClusterPage cluster={header} base="/clusters/c1" listUrl="/clusters" liveUrl="/clusters/c1/live" section="events" liveState={liveState}>
    <p id="child">section</p>
  </ClusterPage>
);

describe('ClusterPage', () => {
  it('frames the section: the live stream URL, tabs, and the section itself', async () => {
    const html = await render(page(cluster(), 'streaming'));
    expect(html).toContain('data-live-url="/clusters/c1/live"');
    expect(html).toContain('<span data-live-status="streaming">live</span>');
    expect(html).toContain('aria-current="page">Events</a>');
    expect(html).toContain('<p id="child">section</p>');
    expect(html).not.toContain('cl-reason');
  });

  it('polls until the stream is up, and says why the cluster is not healthy', async () => {
    const html = await render(page(cluster({ status: 'unreachable', statusReason: 'no manager answered' })));
    expect(html).toContain('<span data-live-status="off">polling</span>');
    expect(html).toContain('<p class="cl-reason cl-reason-unreachable">unreachable: no manager answered</p>');
  });

  it('renders the name, description and reason as text', async () => {
    expectInert(await render(page(cluster({ name: HOSTILE, description: HOSTILE, status: 'degraded', statusReason: HOSTILE }))), 3);
  });
});

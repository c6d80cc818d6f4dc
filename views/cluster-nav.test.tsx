import { describe, expect, it } from 'vitest';
import { render } from '../test/support/rendered-view.ts';
import { ClusterNav } from './cluster-nav.tsx';

describe('ClusterNav', () => {
  it('links every section under the cluster, marking the current one', async () => {
    const html = await render(<ClusterNav base="/clusters/c1" active="visualizer" />);
    expect(html).toBe(
      '<nav class="cl-nav" aria-label="Cluster sections"><a href="/clusters/c1">Overview</a><a href="/clusters/c1/services">Services</a>' +
        '<a href="/clusters/c1/stacks">Stacks</a>' +
        '<a href="/clusters/c1/visualizer" aria-current="page">Visualizer</a><a href="/clusters/c1/events">Events</a>' +
        '<a href="/clusters/c1/secrets">Secrets</a><a href="/clusters/c1/configs">Configs</a><a href="/clusters/c1/settings">Settings</a></nav>',
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { PlacementNode } from '../src/domain/placement-preflight.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { PlacementPreflightPanel, type PreflightView } from './placement-preflight.tsx';

const node = (hostname: string, labels: Record<string, string> = {}): PlacementNode => ({
  id: hostname,
  hostname,
  role: 'worker',
  status: 'ready',
  availability: 'active',
  labels,
  memoryBytes: 1024 ** 3,
  engineLabels: {},
  platform: { os: 'linux', arch: 'x86_64' },
  nanoCpus: 1e9,
});
const view = (patch: Partial<PreflightView>): PreflightView => ({ clusterName: 'prod', nodes: [], warnings: [], problem: null, ...patch });

describe('PlacementPreflightPanel', () => {
  it('names the matching nodes, and why each other one does not match', async () => {
    const html = await render(
      <PlacementPreflightPanel
        preflight={view({
          nodes: [
            { node: node('n1', { zone: 'a' }), matches: true, reasons: [] },
            { node: node('n2'), matches: false, reasons: ['node.labels.zone is "" (not == a)'] },
          ],
        })}
      />,
    );
    expect(html).toContain('data-matching="1"');
    expect(html).toContain('1 of 2 nodes match: n1');
    expect(html).toContain('<span class="cl-label">zone=a</span>');
    expect(html).toContain('<li>no: node.labels.zone is &quot;&quot; (not == a)</li>');
  });

  it('alerts when no node matches, with the warning beside the constraint', async () => {
    const html = await render(
      <PlacementPreflightPanel preflight={view({ problem: 'no node matches', warnings: [{ constraint: 'node.hostname == x', message: 'no such node' }] })} />,
    );
    expect(html).toContain('role="alert">no node matches</p>');
    expect(html).toContain('<li class="cl-field-warning"><code>node.hostname == x</code>: no such node</li>');
  });

  it('says the check could not run', async () => {
    expect(await render(<PlacementPreflightPanel preflight={view({ error: 'no manager answered' })} />)).toContain(
      'Placement not checked: no manager answered',
    );
  });

  it('renders Docker’s hostnames and labels, and the typed constraint, as text', async () => {
    const html = await render(
      <PlacementPreflightPanel
        preflight={view({
          nodes: [{ node: node(HOSTILE, { [HOSTILE]: 'v' }), matches: true, reasons: [] }],
          warnings: [{ constraint: HOSTILE, message: 'm' }],
        })}
      />,
    );
    // The summary, data-node, the hostname cell, the label and the constraint.
    expectInert(html, 5);
  });
});

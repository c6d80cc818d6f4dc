import { describe, expect, it } from 'vitest';
import { render, tagWith } from '../../test/support/rendered-view.ts';
import { ReplicasFields } from './replicas-fields.tsx';

describe('ReplicasFields', () => {
  it('offers both modes, the replica count as typed, and the worker-only box as saved', async () => {
    const html = await render(<ReplicasFields values={{ mode: 'global', replicas: '3', workerOnly: true }} errors={{}} />);
    expect(html).toContain('<option value="replicated">replicated</option><option value="global" selected="">global</option>');
    expect(tagWith(html, 'name="replicas"')).toContain('value="3"');
    expect(tagWith(html, 'name="workerOnly"')).toBe('<input type="checkbox" id="cl-swarm-workerOnly" name="workerOnly" value="on" checked=""/>');
  });
});

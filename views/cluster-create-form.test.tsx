import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { ClusterCreateForm, type ServerOption } from './cluster-create-form.tsx';

const servers: ServerOption[] = [
  { id: 's-b', name: 'beta', ip: '10.0.0.2', swarmManager: false },
  { id: 's-a', name: 'alpha', ip: '10.0.0.3', swarmManager: false },
  { id: 's-m', name: 'zeta', ip: '10.0.0.1', swarmManager: true },
];

describe('ClusterCreateForm', () => {
  it('lists swarm managers first, then by name, the chosen one selected', async () => {
    const html = await render(<ClusterCreateForm action="/clusters" servers={servers} values={{ managerServerId: 's-a' }} />);
    const order = ['s-m', 's-a', 's-b'].map((id) => html.indexOf(`value="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('zeta (10.0.0.1) — swarm manager');
    expect(tagWith(html, 'value="s-a"')).toContain('selected');
    expect(html).not.toContain('no servers yet');
  });

  it('puts each message beside its field, tied to it, and keeps what was typed', async () => {
    const html = await render(
      <ClusterCreateForm
        action="/clusters"
        servers={servers}
        values={{ name: 'prod' }}
        errors={{ name: 'is taken', managerServerId: 'is not a manager' }}
        formError="already registered"
      />,
    );
    expect(tagWith(html, 'id="cl-name"')).toContain('aria-describedby="cl-name-error"');
    expect(tagWith(html, 'id="cl-name"')).toContain('value="prod"');
    expect(html).toContain('<span class="cl-field-error" id="cl-name-error">is taken</span>');
    expect(html).toContain('<span class="cl-field-error" id="cl-manager-error">is not a manager</span>');
    expect(html).toContain('<div class="cl-field cl-invalid"><label for="cl-manager">');
    expect(html).toContain('role="alert">already registered</p>');
    expect(tagWith(html, 'id="cl-description"')).not.toContain('aria-invalid');
  });

  it('says the team has no servers yet', async () => {
    expect(await render(<ClusterCreateForm action="/clusters" servers={[]} />)).toContain('This team has no servers yet');
  });

  it('renders typed values and server names as text', async () => {
    const html = await render(
      <ClusterCreateForm
        action="/clusters"
        servers={[{ id: 's', name: HOSTILE, ip: '10.0.0.1', swarmManager: true }]}
        values={{ name: HOSTILE, description: HOSTILE }}
      />,
    );
    expectInert(html, 3);
  });
});

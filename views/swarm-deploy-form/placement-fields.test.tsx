import { describe, expect, it } from 'vitest';
import { CONSTRAINT_FIELDS } from '../../src/domain/swarm-deploy-config.ts';
import { render, tagWith } from '../../test/support/rendered-view.ts';
import { messageBeside } from '../../test/support/swarm-form.ts';
import { PlacementFields } from './placement-fields.tsx';

const values = {
  constraints: [
    { field: 'node.role', operator: '==', value: 'worker' },
    { field: 'node.hostname', operator: '~', value: 'nosuch' },
  ],
  preferences: [{ spread: 'node.labels.zone' }],
};

describe('PlacementFields', () => {
  it('shows each saved row with its values, and numbers added rows on from them', async () => {
    const html = await render(<PlacementFields values={values} errors={{}} warnings={{}} suggestions={{ fields: [], values: [] }} />);
    expect(tagWith(html, 'name="constraints.1.value"')).toContain('value="nosuch"');
    expect(tagWith(html, 'name="preferences.0.spread"')).toContain('value="node.labels.zone"');
    expect(html).toContain(`x-data="{ added: [], next: 2 }"`);
    expect(html).toContain(`x-data="{ added: [], next: 1 }"`);
    expect(html).toContain('x-bind:name="&#39;constraints.&#39; + i + &#39;.field&#39;"');
    // An operator the form does not offer (pasted YAML) stays, selected.
    expect(html).toContain('<option value="~" selected="">~</option>');
  });

  it('suggests the constraint fields and values it is given', async () => {
    const html = await render(
      <PlacementFields
        values={values}
        errors={{}}
        warnings={{}}
        suggestions={{ fields: [...CONSTRAINT_FIELDS, 'node.labels.zone'], values: ['node-1', 'a'] }}
      />,
    );
    const fields = html.slice(html.indexOf('<datalist id="cl-swarm-constraint-fields">'));
    for (const field of [...CONSTRAINT_FIELDS, 'node.labels.zone']) expect(fields).toContain(`<option value="${field}"></option>`);
    expect(html).toContain('<datalist id="cl-swarm-constraint-values"><option value="node-1"></option><option value="a"></option></datalist>');
  });

  it('puts errors beside the cells, and the preflight warning beside the value it is about', async () => {
    const html = await render(
      <PlacementFields
        values={values}
        errors={{ 'constraints.0.operator': 'must be == or !=', 'preferences.0.spread': 'is not a label' }}
        warnings={{ 'constraints.1.value': 'no node is named nosuch' }}
        suggestions={{ fields: [], values: [] }}
      />,
    );
    expect(messageBeside(html, 'constraints.0.operator')).toBe('must be == or !=');
    expect(messageBeside(html, 'constraints.1.value')).toBe('no node is named nosuch');
    expect(messageBeside(html, 'preferences.0.spread')).toBe('is not a label');
    expect(html).toContain('<td class="cl-warned">');
  });
});

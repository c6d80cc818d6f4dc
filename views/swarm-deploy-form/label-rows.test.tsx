import { describe, expect, it } from 'vitest';
import { render, tagWith } from '../../test/support/rendered-view.ts';
import { messageBeside } from '../../test/support/swarm-form.ts';
import { LabelRows } from './label-rows.tsx';

describe('LabelRows', () => {
  it('shows each label removable in place, its message beside it, and adds rows after the saved ones', async () => {
    const html = await render(
      <LabelRows
        rows={[
          { key: 'tier', value: 'front' },
          { key: 'tier', value: 'back' },
        ]}
        errors={{ 'labels.1.key': '"tier" is given twice' }}
      />,
    );
    expect(tagWith(html, 'name="labels.0.value"')).toContain('value="front"');
    expect(messageBeside(html, 'labels.1.key')).toBe('"tier" is given twice');
    expect(html.match(/x-on:click="\$el\.closest\(&#39;tr&#39;\)\.remove\(\)"/g)).toHaveLength(2);
    expect(html).toContain(`x-data="{ added: [], next: 2 }"`);
    expect(html).toContain('>Add label</button>');
  });
});

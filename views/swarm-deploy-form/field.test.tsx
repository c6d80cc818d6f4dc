import { describe, expect, it } from 'vitest';
import { render, tagWith } from '../../test/support/rendered-view.ts';
import { fieldId, Select, TextInput } from './field.tsx';

describe('form fields', () => {
  it('ids a field by its dotted name', () => {
    expect(fieldId('updateConfig.delay')).toBe('cl-swarm-updateConfig-delay');
  });

  it('shows the hint while there is nothing to say', async () => {
    const html = await render(<TextInput label="Delay" name="restartPolicy.delay" value="5s" errors={{}} hint="between attempts" placeholder="5s" />);
    expect(html).toBe(
      '<div class="cl-field"><label for="cl-swarm-restartPolicy-delay">Delay</label>' +
        '<input type="text" id="cl-swarm-restartPolicy-delay" name="restartPolicy.delay" value="5s" placeholder="5s" autocomplete="off"/>' +
        '<small class="cl-muted">between attempts</small></div>',
    );
  });

  it('shows the error in place of the warning and the hint, tied to the input', async () => {
    const html = await render(
      <TextInput
        label="Value"
        name="constraints.0.value"
        value="x"
        errors={{ 'constraints.0.value': 'is required' }}
        warnings={{ 'constraints.0.value': 'no node has it' }}
        hint="h"
      />,
    );
    expect(html).toContain('<div class="cl-field cl-invalid">');
    expect(tagWith(html, '<input')).toContain('aria-invalid="true" aria-describedby="cl-swarm-constraints-0-value-message"');
    expect(html).toContain('<span class="cl-field-error" id="cl-swarm-constraints-0-value-message" role="alert">is required</span>');
    expect(html).not.toContain('no node has it');
    expect(html).not.toContain('<small');
  });

  it('shows a preflight warning beside the field without marking it invalid', async () => {
    const html = await render(<TextInput label="Value" name="v" value="x" errors={{}} warnings={{ v: 'no node has it' }} />);
    expect(html).toContain('<div class="cl-field cl-warned">');
    expect(tagWith(html, '<input')).not.toContain('aria-invalid');
    expect(tagWith(html, '<input')).toContain('aria-describedby="cl-swarm-v-message"');
    expect(html).toContain('<span class="cl-field-warning" id="cl-swarm-v-message">no node has it</span>');
  });

  it('keeps a value its options do not hold selectable, so its message makes sense', async () => {
    const html = await render(<Select label="Order" name="o" value="sideways" options={['stop-first', 'start-first']} errors={{ o: 'is not an order' }} />);
    expect(html).toContain('<option value="sideways" selected="">sideways</option>');
    expect(html.match(/<option/g)).toHaveLength(3);
    const known = await render(<Select label="Order" name="o" value="start-first" options={['stop-first', 'start-first']} errors={{}} />);
    expect(known.match(/<option/g)).toHaveLength(2);
    expect(known).toContain('<option value="start-first" selected="">');
  });
});

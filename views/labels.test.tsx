import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { Labels } from './labels.tsx';

describe('Labels', () => {
  it('shows each label as key=value, a bare key alone, and hides what it is told to', async () => {
    const html = await render(<Labels labels={{ zone: 'a', ssd: '', 'com.docker.stack.namespace': 'x' }} hide={(k) => k.startsWith('com.docker.')} />);
    expect(html).toContain('<span class="cl-label" title="zone=a">zone=a</span>');
    expect(html).toContain('<span class="cl-label" title="ssd=">ssd</span>');
    expect(html).not.toContain('com.docker');
  });

  it('renders nothing without labels', async () => {
    expect(await render(<Labels labels={{ hidden: '1' }} hide={() => true} />)).toBe('');
  });

  it('renders Docker’s keys and values as text, in the chip and its title', async () => {
    expectInert(await render(<Labels labels={{ [HOSTILE]: HOSTILE }} />), 4);
  });
});

import { describe, expect, it } from 'vitest';
import { render } from '../../test/support/rendered-view.ts';
import { FormNotices } from './form-notices.tsx';

describe('FormNotices', () => {
  it('says nothing when there is nothing to say', async () => {
    expect(await render(<FormNotices notice={null} fieldErrorCount={0} readOnlyReason={null} />)).toBe('');
  });

  it('alerts on errors, reports other outcomes as status, with their details', async () => {
    expect(await render(<FormNotices notice={{ tone: 'error', text: 'not deployed' }} fieldErrorCount={0} readOnlyReason={null} />)).toContain(
      '<div class="cl-notice cl-notice-error" role="alert"><p>not deployed</p></div>',
    );
    expect(
      await render(
        <FormNotices notice={{ tone: 'warning', text: 'Loaded', details: ['Not kept: endpoint_mode'] }} fieldErrorCount={0} readOnlyReason={null} />,
      ),
    ).toContain('<div class="cl-notice cl-notice-warning" role="status"><p>Loaded</p><ul><li>Not kept: endpoint_mode</li></ul></div>');
  });

  it('counts the fields that need attention, and says why the form is read-only', async () => {
    const html = await render(<FormNotices notice={null} fieldErrorCount={1} readOnlyReason="read-only session" />);
    expect(html).toContain('One field needs attention');
    expect(html).toContain('<p class="cl-notice cl-notice-warning">read-only session</p>');
  });
});

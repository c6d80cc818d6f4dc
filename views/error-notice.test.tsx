import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { ErrorNotice, ErrorPage } from './error-notice.tsx';

describe('error notices', () => {
  it('shows a refusal’s message as text, with no request id', async () => {
    const html = await render(<ErrorNotice message={HOSTILE} />);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('request id');
    expectInert(html, 1);
  });

  it('shows an internal error with the request id to look up', async () => {
    expect(await render(<ErrorNotice message="internal error" requestId="req-7" />)).toBe(
      '<p class="cl-notice cl-notice-error" role="alert">internal error <span class="cl-muted">(request id <code>req-7</code>)</span></p>',
    );
  });

  it('titles the page', async () => {
    const html = await render(<ErrorPage title="Forbidden" message={HOSTILE} />);
    expect(html).toContain('<h1>Forbidden</h1>');
    expectInert(html, 1);
  });
});

import { describe, expect, it } from 'vitest';
import { render } from '../../test/support/rendered-view.ts';
import { FormActions } from './form-actions.tsx';

const urls = { preflight: '/f/preflight', deploy: '/f/deploy' };

describe('FormActions', () => {
  it('offers save, check and deploy, with empty regions for their answers', async () => {
    const html = await render(<FormActions urls={urls} readOnly={false} preflight={null} result={null} />);
    expect(html).toContain('<button type="submit" class="cl-button">Save</button>');
    expect(html).toContain('hx-post="/f/deploy"');
    expect(html).toContain('<div id="cl-swarm-preflight" aria-live="polite"></div><div id="cl-swarm-result" aria-live="polite"></div>');
  });

  it('offers a read-only viewer the check alone', async () => {
    const html = await render(<FormActions urls={urls} readOnly={true} preflight={null} result={null} />);
    expect(html).not.toContain('Save');
    expect(html).not.toContain('/f/deploy');
    expect(html).toContain('hx-post="/f/preflight"');
  });

  it('shows the check and the result it is given in their regions', async () => {
    const html = await render(
      <FormActions
        urls={urls}
        readOnly={false}
        preflight={{ clusterName: 'prod', nodes: [], warnings: [], problem: 'no node matches' }}
        result={{ ok: false, message: 'not deployed' }}
      />,
    );
    expect(html).toContain('<div id="cl-swarm-preflight" aria-live="polite"><div class="cl-preflight"');
    expect(html).toContain(
      '<div id="cl-swarm-result" aria-live="polite"><p class="cl-notice cl-notice-error cl-deploy-result" role="alert">not deployed</p></div>',
    );
  });
});

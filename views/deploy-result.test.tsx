import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { DeployResultPanel } from './deploy-result.tsx';

describe('DeployResultPanel', () => {
  it('names the service created or updated and the cluster, with Docker’s warnings', async () => {
    const html = await render(
      <DeployResultPanel
        result={{
          ok: true,
          created: false,
          serviceName: 'app_app',
          clusterName: 'prod',
          clusterHref: '/clusters/c1',
          message: 'Converging.',
          warnings: ['image could not be accessed'],
        }}
      />,
    );
    expect(html).toContain('role="status" data-service="app_app"');
    expect(html).toContain('Updated service <code>app_app</code> on <a href="/clusters/c1">prod</a>. Converging.');
    expect(html).toContain('<li>Docker: image could not be accessed</li>');
  });

  it("says the settings went to the panel's deployer, with what it answered and its page", async () => {
    const html = await render(
      <DeployResultPanel
        result={{ ok: true, clusterName: 'prod', clusterHref: '/clusters/c1', message: 'deployment #12 queued', hostLink: '/deployments/12' }}
      />,
    );
    expect(html).toBe(
      '<p class="cl-notice cl-notice-ok cl-deploy-result" role="status">Handed to the panel&#39;s deployer for <a href="/clusters/c1">prod</a>: ' +
        'deployment #12 queued <a href="/deployments/12">Follow the deployment</a></p>',
    );
    expect(await render(<DeployResultPanel result={{ ok: true, clusterName: 'prod', message: 'm', hostLink: 'javascript:alert(1)' }} />)).not.toContain(
      'javascript',
    );
  });

  it('shows a failure as an alert', async () => {
    expect(await render(<DeployResultPanel result={{ ok: false, message: 'Saved, but not deployed: no manager' }} />)).toBe(
      '<p class="cl-notice cl-notice-error cl-deploy-result" role="alert">Saved, but not deployed: no manager</p>',
    );
  });

  it('renders Docker’s names, warnings and failure messages as text', async () => {
    expectInert(
      await render(<DeployResultPanel result={{ ok: true, created: true, serviceName: HOSTILE, clusterName: HOSTILE, message: 'm', warnings: [HOSTILE] }} />),
      4,
    );
    expectInert(await render(<DeployResultPanel result={{ ok: false, message: HOSTILE }} />), 1);
    expectInert(await render(<DeployResultPanel result={{ ok: true, clusterName: HOSTILE, message: HOSTILE }} />), 2);
  });
});

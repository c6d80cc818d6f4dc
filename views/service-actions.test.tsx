import { describe, expect, it } from 'vitest';
import type { ServiceProgress } from '../src/domain/service-progress.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { ServiceActions, ServiceMenu, ServiceOutcome, ServiceProgressPanel } from './service-actions.tsx';

const BASE = '/clusters/c1';
const web = { id: 's1', name: 'web', mode: 'replicated' as const, replicasDesired: 3 };
const progress = (patch: Partial<ServiceProgress> = {}): ServiceProgress => ({
  serviceId: 's1',
  name: 'web',
  mode: 'replicated',
  desired: 3,
  running: 3,
  updated: 1,
  stopping: 1,
  updateState: 'updating',
  updateMessage: null,
  phase: 'updating',
  settled: false,
  problem: null,
  ...patch,
});

describe('ServiceActions', () => {
  it('gives a viewer who may not operate the logs alone', async () => {
    const html = await render(<ServiceActions service={web} canOperate={false} base={BASE} maxReplicas={1000} />);
    expect(html).toContain(`href="${BASE}/services/s1/logs"`);
    expect(html).not.toContain('hx-post');
    expect(html).not.toContain('data-menu-url');
  });

  it('gives an operator a menu whose buttons come from the server when first opened', async () => {
    const html = await render(<ServiceActions service={web} canOperate={true} base={BASE} maxReplicas={1000} />);
    expect(html).toContain(`<button type="button" class="cl-menu-toggle" aria-expanded="false" data-menu-url="${BASE}/services/s1/actions">Actions</button>`);
    expect(html).not.toContain('hx-post');
  });

  it('holds the link, the menu button and the panel in one element, no row of its own around the first two', async () => {
    const html = await render(<ServiceActions service={web} canOperate={true} base={BASE} maxReplicas={1000} />);
    expect(html).toMatch(
      /^<div class="cl-op cl-service-op" data-service-actions="s1"><a [^>]*>Logs<\/a><button [^>]*>Actions<\/button><div class="cl-op-panel" id="cl-service-panel-s1" hx-preserve="true" aria-live="polite"><\/div><\/div>$/,
    );
  });

  it('offers scaling (at the desired count), roll back, force update and remove to an operator', async () => {
    const html = await render(<ServiceMenu service={web} base={BASE} maxReplicas={1000} />);
    expect(html).toContain('<div class="cl-op-buttons" role="group" aria-label="Actions on web">');
    expect(html).toContain(`hx-post="${BASE}/services/s1/scale"`);
    expect(html).toContain('max="1000"');
    expect(html).toContain('value="3"');
    expect(html).toContain('/rollback"');
    expect(html).toContain('/force-update"');
    expect(html).toContain('/remove"');
    expect(html).toContain('hx-target="#cl-service-panel-s1"');
  });

  it('does not offer scaling a global service', async () => {
    expect(await render(<ServiceMenu service={{ ...web, mode: 'global' }} base={BASE} maxReplicas={1000} />)).not.toContain('/scale');
  });

  it('renders the service name as text in the menu and every confirmation', async () => {
    expectInert(await render(<ServiceMenu service={{ ...web, name: HOSTILE }} base={BASE} maxReplicas={1000} />), 4);
  });
});

describe('ServiceProgressPanel', () => {
  it('polls while the update runs, counting tasks on the current spec', async () => {
    const html = await render(<ServiceProgressPanel base={BASE} progress={progress()} action="force update" />);
    expect(html).toContain(`hx-get="${BASE}/services/s1/progress?action=force%20update"`);
    expect(html).toContain('<strong>web</strong>: force update — updating');
    expect(html).toContain('<strong>1</strong> of 3 tasks running on the current spec · 3 running · 1 stopping · update updating');
    expect(html).not.toContain('Close');
  });

  it('stops polling once settled, showing the problem and Docker’s warnings as text', async () => {
    const html = await render(
      <ServiceProgressPanel base={BASE} progress={progress({ settled: true, phase: 'paused', problem: HOSTILE })} warnings={[HOSTILE]} />,
    );
    expect(html).not.toContain('hx-get');
    expect(html).toContain('class="cl-op-card cl-progress-error"');
    expect(html).toContain('Close');
    expectInert(html, 2);
  });
});

describe('ServiceOutcome', () => {
  it('shows the message with its tone', async () => {
    const html = await render(<ServiceOutcome tone="ok" message={HOSTILE} />);
    expect(html).toContain('class="cl-notice cl-notice-ok" role="status"');
    expectInert(html, 1);
  });
});

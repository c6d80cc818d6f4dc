import { describe, expect, it } from 'vitest';
import type { StackContents, StackProgress } from '../src/domain/stacks.ts';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { StackDeployed, StackDeployForm, StackDetail, StackPreviewPanel, StackProgressPanel, StackRemoved, StacksTable, type StackUrls } from './stacks.tsx';

const urls: StackUrls = {
  list: '/clusters/c1/stacks',
  stack: (name) => `/clusters/c1/stacks/${encodeURIComponent(name)}`,
  preview: '/clusters/c1/stacks/preview',
  deploy: '/clusters/c1/stacks/deploy',
  progress: (name) => `/clusters/c1/stacks/${encodeURIComponent(name)}/progress`,
  remove: (name) => `/clusters/c1/stacks/${encodeURIComponent(name)}/remove`,
};

const stack = (name: string, over: Partial<StackContents> = {}): StackContents => ({
  name,
  services: [{ id: 's1', name: `${name}_web`, image: 'app:1', mode: 'replicated', replicasRunning: 1, replicasDesired: 2 }],
  networks: [{ id: 'n1', name: `${name}_default`, driver: 'overlay' }],
  secrets: [],
  configs: [{ id: 'c1', name: `${name}_conf` }],
  ...over,
});

const progress = (over: Partial<StackProgress> = {}): StackProgress => ({
  stack: 'shop',
  services: [
    {
      serviceId: 's1',
      name: 'shop_web',
      mode: 'replicated',
      desired: 2,
      running: 1,
      updated: 1,
      stopping: 0,
      updateState: null,
      updateMessage: null,
      phase: 'converging',
      settled: false,
      problem: null,
      failure: 'rejected: No such image: nope',
    },
  ],
  converged: false,
  failed: true,
  ...over,
});

describe('stacks views', () => {
  it('lists stacks with their counts, flags a short one, and escapes names from Docker', async () => {
    const html = await render(<StacksTable stacks={[stack('shop'), stack(HOSTILE, { services: [] })]} urls={urls} />);
    expect(html).toContain('<a href="/clusters/c1/stacks/shop">shop</a>');
    expect(html).toContain('<span class="cl-short" title="fewer tasks running than desired">1/2</span>');
    expectInert(html);
  });

  it('says when there is no stack', async () => {
    expect(await render(<StacksTable stacks={[]} urls={urls} />)).toContain('No stacks on this cluster yet.');
  });

  it('renders an empty deploy form posting multipart to deploy, with a Check posting to preview', async () => {
    const html = await render(<StackDeployForm urls={urls} />);
    expect(tagWith(html, 'id="cl-stack-deploy"')).toContain('hx-encoding="multipart/form-data"');
    expect(tagWith(html, 'data-action="check"')).toContain('hx-post="/clusters/c1/stacks/preview"');
    expect(html).toContain('<textarea id="cl-stack-env" name="env"');
    expect(html).toContain('name="composeFile" type="file"');
  });

  it('shows the warnings and what the file would create, escaped', async () => {
    const html = await render(
      <StackPreviewPanel
        preview={{
          stack: 'shop',
          warnings: [`services.web.depends_on: ignored ${HOSTILE}`],
          services: ['shop_web'],
          networks: ['shop_default'],
          secrets: [],
          configs: [],
        }}
      />,
    );
    expect(html).toContain('data-warnings="1"');
    expect(html).toContain('services: <span class="cl-mono">shop_web</span>');
    expect(html).not.toContain('secrets:');
    expectInert(html, 1);
  });

  it('polls the progress while converging, with Docker’s reason, and stops once settled', async () => {
    const polling = await render(<StackProgressPanel progress={progress({ failed: false })} url={urls.progress('shop')} />);
    expect(tagWith(polling, 'id="cl-stack-progress-shop"')).toContain('hx-get="/clusters/c1/stacks/shop/progress"');
    expect(tagWith(polling, 'id="cl-stack-progress-shop"')).toContain('hx-target="this"');
    expect(polling).toContain('rejected: No such image: nope');
    const failed = await render(<StackProgressPanel progress={progress()} url={urls.progress('shop')} />);
    expect(tagWith(failed, 'id="cl-stack-progress-shop"')).not.toContain('hx-get');
    expect(failed).toContain('data-state="failed"');
  });

  it('lists what a deploy created, updated and removed', async () => {
    const html = await render(
      <StackDeployed
        result={{
          stack: 'shop',
          warnings: [],
          created: { services: ['shop_db'], networks: ['shop_default'], secrets: [], configs: [] },
          updated: ['shop_web'],
          unchanged: [],
          removed: ['shop_old'],
        }}
        progress={progress({ converged: true, failed: false })}
        urls={urls}
      />,
    );
    expect(html).toContain('created services: <span class="cl-mono">shop_db</span>');
    expect(html).toContain('updated services: <span class="cl-mono">shop_web</span>');
    expect(html).toContain('removed services: <span class="cl-mono">shop_old</span>');
    expect(html).not.toContain('unchanged services');
  });

  it('shows a stack’s services, objects and tasks as a live region', async () => {
    const html = await render(<StackDetail stack={stack('shop')} tasks={[]} nodeNames={new Map()} urls={urls} />);
    expect(tagWith(html, 'id="cl-stack-live"')).toContain('hx-get="/clusters/c1/stacks/shop"');
    expect(html).toContain('Configs: <span class="cl-mono">shop_conf</span>');
    expect(html).toContain('Secrets: <span class="cl-muted">none</span>');
  });

  it('lists what a removal removed', async () => {
    const html = await render(
      <StackRemoved stack="shop" removed={{ services: ['shop_web'], networks: [], secrets: ['shop_s'], configs: [] }} listUrl={urls.list} />,
    );
    expect(html).toContain('removed services: <span class="cl-mono">shop_web</span>');
    expect(html).toContain('removed secrets: <span class="cl-mono">shop_s</span>');
    expect(html).not.toContain('removed networks');
  });
});

import { describe, expect, it } from 'vitest';
import { STACK_NAMESPACE_LABEL } from '../src/domain/stacks.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { swarmServiceSummary, taskSummary } from '../test/support/swarm-summaries-fixture.ts';
import { ServiceGroup, type ServiceListing, ServicesLive } from './services-table.tsx';

const groupUrl = (id: string, open: boolean) => `/clusters/c1/services/${id}${open ? '?open=1' : ''}`;
const group = (patch: Partial<Parameters<typeof ServiceGroup>[0]>) => (
  <ServiceGroup
    service={swarmServiceSummary({ id: 's1' })}
    tasks={null}
    nodeNames={new Map()}
    groupUrl={groupUrl}
    canOperate={false}
    base="/clusters/c1"
    maxReplicas={1000}
    {...patch}
  />
);

describe('ServiceGroup', () => {
  it('shows the stack part of the name quieter, hides stack labels, and lists published ports', async () => {
    const service = swarmServiceSummary({
      id: 's1',
      name: 'shop_web',
      stack: 'shop',
      labels: { [STACK_NAMESPACE_LABEL]: 'shop', 'com.docker.stack.image': 'x', tier: 'front' },
      ports: [{ protocol: 'tcp', targetPort: 80, publishedPort: 8080, publishMode: 'ingress' }],
    });
    const html = await render(group({ service }));
    expect(html).toContain('<span class="cl-stack-prefix">shop_</span>web</span>');
    expect(html).not.toContain('com.docker.stack');
    expect(html).toContain('tier=front');
    expect(html).toContain('<span title="ingress mode">8080→80/tcp</span>');
    expect(html).toContain('data-group-url="/clusters/c1/services/s1?open=1"');
  });

  it('flags a service short of replicas, and a paused update', async () => {
    const html = await render(
      group({ service: swarmServiceSummary({ id: 's1', replicasRunning: 1, replicasDesired: 3, updateState: 'paused', updateMessage: 'task failed' }) }),
    );
    expect(html).toContain('title="2 replica(s) short of the desired count">1/3<span class="cl-short-flag"> short</span>');
    expect(html).toContain('<span class="cl-pill cl-task-failed" title="task failed">paused</span>');
  });

  it('lists the tasks when expanded, with the field that keeps it expanded across live re-renders', async () => {
    const html = await render(group({ tasks: [taskSummary({ id: 't1', serviceId: 's1' })] }));
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain('<input type="hidden" name="open" value="s1"/>');
    expect(html).toContain('data-task="t1"');
  });

  it('offers service actions only to those who may operate', async () => {
    expect(await render(group({ canOperate: true }))).toContain('data-menu-url="/clusters/c1/services/s1/actions"');
    expect(await render(group({}))).not.toContain('data-menu-url');
  });

  it('renders Docker’s names, images, stacks and labels as text', async () => {
    const service = swarmServiceSummary({
      id: 's1',
      name: HOSTILE,
      image: HOSTILE,
      stack: HOSTILE,
      labels: { tier: HOSTILE },
      updateState: 'paused',
      updateMessage: HOSTILE,
    });
    // data-name, the name, the stack pill, the label's title and text, the image's title and text, the update's title.
    expectInert(await render(group({ service })), 8);
  });
});

describe('ServicesLive', () => {
  const pageUrl = (offset: number) => `/clusters/c1/services?q=app${offset ? `&offset=${offset}` : ''}`;
  const live = (services: ReturnType<typeof swarmServiceSummary>[], listing: Partial<ServiceListing> = {}) => (
    <ServicesLive
      url="/clusters/c1/services"
      meta={{ stale: false, fetchedAt: '2026-11-30T10:00:00.000Z' }}
      since={null}
      services={services}
      expanded={new Map()}
      nodeNames={new Map()}
      groupUrl={groupUrl}
      canOperate={false}
      base="/clusters/c1"
      maxReplicas={1000}
      converging={false}
      listing={{
        filtered: false,
        matching: services.length,
        total: services.length,
        offset: 0,
        limit: 50,
        pageUrl,
        clearUrl: '/clusters/c1/services',
        ...listing,
      }}
    />
  );

  it('lists services in the order given, sending the expanded rows with each refresh', async () => {
    const html = await render(live([swarmServiceSummary({ id: 'a', name: 'app-9' }), swarmServiceSummary({ id: 'b', name: 'app-10' })]));
    expect(html.indexOf('data-service="a"')).toBeLessThan(html.indexOf('data-service="b"'));
    expect(html).toContain('>2 services</h2>');
    expect(html).toContain('hx-include="#cl-services input[name=&#39;open&#39;], #cl-services &gt; .cl-section-head"');
    expect(html).not.toContain('cl-pager');
  });

  it('says how many of all services match a search', async () => {
    const html = await render(live([swarmServiceSummary({ id: 'a' })], { filtered: true, matching: 1, total: 1200 }));
    expect(html).toContain('data-matching="1">1 of 1,200 services match</h2>');
  });

  it('pages through the matches with the query kept, refreshing the page it shows', async () => {
    const services = Array.from({ length: 50 }, (_, i) => swarmServiceSummary({ id: `s${i}` }));
    const middle = await render(live(services, { filtered: true, matching: 120, total: 300, offset: 50 }));
    expect(middle).toContain('hx-get="/clusters/c1/services?q=app" hx-target="#cl-services"');
    expect(middle).toContain('hx-get="/clusters/c1/services?q=app&amp;offset=100" hx-target="#cl-services"');
    expect(middle).toContain('51–100 of 120');
    const last = await render(live(services.slice(0, 20), { filtered: true, matching: 120, total: 300, offset: 100 }));
    expect(last).toContain('101–120 of 120');
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');
  });

  it('says when the swarm runs no services, and when none matches', async () => {
    expect(await render(live([]))).toContain('No services yet');
    const none = await render(live([], { filtered: true, matching: 0, total: 40 }));
    expect(none).toContain('No service matches');
    expect(none).toContain('<a href="/clusters/c1/services">Show all services</a>');
  });
});

import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render, tagWith } from '../test/support/rendered-view.ts';
import { EventItem, type EventItemView, EventRows, EventsSection } from './cluster-events.tsx';

const event = (patch: Partial<EventItemView> = {}): EventItemView => ({
  id: 7,
  type: 'service',
  kind: 'service',
  tone: 'success',
  action: 'create',
  actorId: '0123456789abcdef0123',
  actorName: 'web',
  time: '2026-11-30T10:00:00.000Z',
  timeNano: '1796032800000000000',
  principal: null,
  details: [],
  ...patch,
});

describe('EventsSection', () => {
  it('keeps the chosen filters, offers the suggestions, and loads live arrivals after the newest row', async () => {
    const html = await render(
      <EventsSection
        pageUrl="/e"
        rowsUrl="/e/rows"
        filters={{ type: 'node', action: 'update', service: 'web', node: '', range: '1h' }}
        suggestions={{ services: ['web', 'db'], nodes: ['n1'] }}
        rows={[event()]}
        moreUrl={null}
        after={7}
      />,
    );
    expect(tagWith(html, '<option value="node"')).toContain('selected');
    expect(tagWith(html, '<option value="1h"')).toContain('selected');
    expect(tagWith(html, 'name="action"')).toContain('value="update"');
    expect(html).toContain('<datalist id="event-services"><option value="web"></option><option value="db"></option></datalist>');
    expect(tagWith(html, 'id="events-after"')).toContain('value="7"');
    expect(html).not.toContain('id="events-empty"');
  });

  it('says nothing matches when there are no rows', async () => {
    const html = await render(
      <EventsSection
        pageUrl="/e"
        rowsUrl="/e/rows"
        filters={{ type: '', action: '', service: '', node: '', range: '' }}
        suggestions={{ services: [], nodes: [] }}
        rows={[]}
        moreUrl={null}
        after={0}
      />,
    );
    expect(html).toContain('id="events-empty"');
  });
});

describe('EventRows', () => {
  it('adds "load more", the live cursor out of band, and removes the empty notice', async () => {
    const html = await render(<EventRows rows={[event()]} moreUrl="/e/rows?before=7" cursor={9} emptyNotice="remove" />);
    expect(html).toContain('hx-get="/e/rows?before=7"');
    expect(tagWith(html, 'id="events-after"')).toContain('hx-swap-oob="true"');
    expect(html).toContain('<li id="events-empty" hx-swap-oob="delete"></li>');
  });
});

describe('EventItem', () => {
  it('shows who acted through the plugin, and the actor id when Docker gives no name', async () => {
    const html = await render(<EventItem row={event({ actorName: null, principal: 'ann@example.com', details: ['replicas 1 → 3'] })} />);
    expect(html).toContain('<span class="event-actor" title="0123456789abcdef0123">0123456789ab</span>');
    expect(html).toContain('<span class="event-details">replicas 1 → 3 · by ann@example.com</span>');
    expect(html).toContain('class="event kind-service tone-success"');
  });

  it('renders every string Docker gave as text, in content and attributes', async () => {
    const html = await render(
      <EventItem row={event({ type: HOSTILE, action: HOSTILE, actorId: HOSTILE, actorName: HOSTILE, details: [HOSTILE], timeNano: HOSTILE })} />,
    );
    // data-time-nano, data-type, data-action, data-actor-id, type, action, actor title, actor name, details.
    expectInert(html, 9);
  });
});

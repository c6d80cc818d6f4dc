import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from '../../testing.ts';

describe('notifications inbox page', () => {
  let host: TestHost;
  let browser: BrowserSession;
  beforeEach(async () => {
    host = await createTestHost();
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    await host.services.notifications.notify({
      teamId: host.ownerTeamId,
      notification: { event: 'node.down', level: 'error', title: 'Node <n2> down', message: 'heartbeat lost' },
    });
  });
  afterEach(() => host.close());

  it('lists notifications escaped, unread first marked, with a badge in the sidebar', async () => {
    const html = await (await browser.request('/notifications')).text();
    expect(html).toContain('Node &lt;n2&gt; down');
    expect(html).toContain('<tr class="unread">');
    expect(html).toMatch(/Notifications<span class="badge">1<\/span>/);
  });

  it('marks all read over htmx and returns the refreshed list', async () => {
    const res = await browser.request('/notifications/read', { method: 'POST', htmx: true });
    expect(res.status).toBe(200);
    const fragment = await res.text();
    expect(fragment).toMatch(/^<div id="inbox">/);
    expect(fragment).not.toContain('class="unread"');
  });

  it('keeps viewers read-only', async () => {
    const viewer = await host.addUser({ role: 'viewer' });
    const session = await host.login(viewer.email, viewer.password);
    const res = await session.request('/notifications/read', { method: 'POST', htmx: true });
    expect(res.status).toBe(403);
  });
});

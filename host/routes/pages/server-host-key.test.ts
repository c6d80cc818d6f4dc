/**
 * A server's page with the clusters plugin's host key panel, without a swarm: the refusal the SSH transport
 * records is written here directly (the lab test test/host-key-trust.lab.test.ts makes a real one).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClustersPlugin } from '../../../src/index.ts';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_PRIVATE_KEY, type TestHost } from '../../testing.ts';

const PINNED = 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldoldo';
const PRESENTED = 'SHA256:newnewnewnewnewnewnewnewnewnewnewnewnewnewn';

describe('server page: SSH host key', () => {
  let host: TestHost;
  let owner: BrowserSession;
  let serverId: string;
  const page = (session: BrowserSession) => session.request(`/servers/${serverId}`).then((res) => res.text());
  const trust = (session: BrowserSession, fingerprint: string, htmx = true) =>
    session.request(`/clusters/servers/${serverId}/host-key/trust`, {
      form: { fingerprint },
      htmx,
      ...(htmx ? {} : { headers: { 'X-CSRF-Token': session.csrf } }),
    });
  const stored = () => host.sqlite.prepare('SELECT fingerprint, refused_fingerprint AS refused FROM ssh_host_keys WHERE server_id = ?').get(serverId);

  beforeEach(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    owner = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const body = { name: 'manager-1', ip: '10.0.0.11', privateKey: TEST_PRIVATE_KEY, swarmManager: true };
    serverId = (await host.api('POST', '/api/v1/servers', { body })).body.id;
  });
  afterEach(() => host.close());

  it('is linked from the list and says when no key is pinned yet', async () => {
    expect(await (await owner.request('/servers')).text()).toContain(`<a href="/servers/${serverId}">manager-1</a>`);
    const html = await page(owner);
    expect(html).toContain('<code>root@10.0.0.11:22</code>');
    expect(html).toContain('Not pinned yet');
  });

  it('shows the pinned and the refused fingerprint, and lets an admin trust the new key', async () => {
    host.sqlite.prepare('INSERT INTO ssh_host_keys (server_id, fingerprint) VALUES (?, ?)').run(serverId, PINNED);
    expect(await page(owner)).toContain(`<code data-field="pinned">${PINNED}</code>`);
    host.sqlite
      .prepare("UPDATE ssh_host_keys SET refused_fingerprint = ?, refused_at = '2026-11-30T06:00:00.000Z' WHERE server_id = ?")
      .run(PRESENTED, serverId);
    const html = await page(owner);
    expect(html).toContain(`<code data-field="refused">${PRESENTED}</code>`);
    expect(html).toContain(`hx-post="/clusters/servers/${serverId}/host-key/trust"`);
    expect(html).toContain(`name="fingerprint" value="${PRESENTED}"`);

    // Not the key that was refused (the server changed again, or a forged form): nothing changes.
    const stale = await trust(owner, PINNED);
    expect(stale.status).toBe(200);
    expect(await stale.text()).toContain('is not the key manager-1 was refused for');
    expect((await trust(owner, 'SHA256:whatever', false)).status).toBe(409);
    expect(stored()).toEqual({ fingerprint: PINNED, refused: PRESENTED });

    const trusted = await trust(owner, PRESENTED);
    expect(trusted.status).toBe(200);
    const panel = await trusted.text();
    expect(panel).toContain(`Trusted ${PRESENTED}`);
    expect(panel).toContain(`<code data-field="pinned">${PRESENTED}</code>`);
    expect(panel).not.toContain('data-field="refused"');
    expect(stored()).toEqual({ fingerprint: PRESENTED, refused: null });
  });

  it('lets only owners and admins of the server’s team trust, and shows members no trust button', async () => {
    host.sqlite
      .prepare("INSERT INTO ssh_host_keys (server_id, fingerprint, refused_fingerprint, refused_at) VALUES (?, ?, ?, '2026-11-30T06:00:00.000Z')")
      .run(serverId, PINNED, PRESENTED);
    const member = await host.addUser({ role: 'member' });
    const memberSession = await host.login(member.email, member.password);
    const memberPage = await page(memberSession);
    expect(memberPage).toContain(`<code data-field="refused">${PRESENTED}</code>`);
    expect(memberPage).not.toContain('host-key/trust');
    expect((await trust(memberSession, PRESENTED, false)).status).toBe(403);

    const outsider = await host.addTeam('Other');
    const outsiderSession = await host.login(outsider.email, outsider.password);
    expect((await outsiderSession.request(`/servers/${serverId}`)).status).toBe(404);
    expect((await trust(outsiderSession, PRESENTED, false)).status).toBe(404);
    expect(stored()).toEqual({ fingerprint: PINNED, refused: PRESENTED });
  });
});

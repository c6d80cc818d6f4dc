import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestHost, OWNER_EMAIL, OWNER_PASSWORD, TEST_PRIVATE_KEY, type TestHost } from '../../testing.ts';

describe('dashboard', () => {
  let host: TestHost;
  beforeEach(async () => {
    host = await createTestHost();
  });
  afterEach(() => host.close());

  it('summarises the team', async () => {
    await host.api('POST', '/api/v1/servers', {
      body: { name: 'm1', ip: '10.0.0.1', privateKey: TEST_PRIVATE_KEY, swarmManager: true, swarmWorker: false },
    });
    const browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
    const res = await browser.request('/');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Dashboard</h1>');
    expect(html).toContain('Team Default');
    expect(html).toMatch(/<div class="stat">1<\/div><div class="muted">servers, 1 swarm managers<\/div>/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClustersPlugin } from '../../../src/index.ts';
import { assetUrl } from '../../assets.ts';
import { type BrowserSession, createTestHost, OWNER_EMAIL, OWNER_PASSWORD, type TestHost } from '../../testing.ts';

describe('API reference page', () => {
  let host: TestHost;
  let browser: BrowserSession;
  beforeAll(async () => {
    host = await createTestHost({ plugin: createClustersPlugin });
    browser = await host.login(OWNER_EMAIL, OWNER_PASSWORD);
  });
  afterAll(() => host.close());

  it('renders the plugin’s OpenAPI document with the panel’s own copy of Scalar, under a nonce for this page only', async () => {
    const res = await browser.request('/api-reference');
    expect(res.status).toBe(200);
    const html = await res.text();
    const policy = res.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'self' 'nonce-([\w+/=-]+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    // Styles inline (Scalar injects some without the nonce); scripts only the panel's or the nonce's, nothing from elsewhere.
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(/script-src [^;]*/.exec(policy)?.[0]).toBe(`script-src 'self' 'nonce-${nonce}'`);
    expect(policy).not.toMatch(/unsafe-eval|https?:/);
    // Every script is the panel's or carries the nonce; nothing is loaded from elsewhere.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).toContain(`src="${assetUrl('scalar-api-reference.js')}"`);
    expect(html).not.toMatch(/cdn\.jsdelivr|https:\/\/[^"']*\.js/);
    // The document itself, with `<` escaped inside the script.
    expect(html).toContain('Swarm clusters API');
    expect(html).toContain('/{uuid}/nodes');
    expect(html.split('</script>').length - 1).toBe(scripts.length);
    // Other pages keep the strict policy.
    const other = await browser.request('/notifications');
    expect(other.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it('is linked from the sidebar, and needs a session', async () => {
    expect(await (await browser.request('/notifications')).text()).toContain('href="/api-reference"');
    const anonymous = await host.app.request('/api-reference');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fapi-reference');
  });

  it('serves the bundle from the panel', async () => {
    const res = await host.app.request(assetUrl('scalar-api-reference.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toContain('createApiReference');
  });
});

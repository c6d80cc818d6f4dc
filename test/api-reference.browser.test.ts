/**
 * The API reference page in Debian's chromium: Scalar renders the plugin's OpenAPI document from the panel's own
 * copy of its script, under the page's Content-Security-Policy, without a violation and without a request to any
 * other origin.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { type LabHost, logIn, OWNER, startLabHost } from './support/lab-host.ts';

describe('the API reference page in chromium', () => {
  let labHost: LabHost;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const elsewhere: string[] = [];

  beforeAll(async () => {
    labHost = await startLabHost();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(labHost.url) && !/^(data|blob|about):/.test(url)) elsewhere.push(url);
    });
    await logIn(page, labHost.url, OWNER.email, OWNER.password);
  });

  afterAll(async () => {
    await browser?.close();
    await labHost?.close();
  });

  it('renders every tag of the document with its operations, within the policy and from the panel only', async () => {
    await page.goto(`${labHost.url}/api-reference`);
    await page.getByText('Swarm clusters API').first().waitFor();
    for (const summary of [
      'The swarm’s nodes',
      'Scale a replicated service (0 to 1000 replicas)',
      'Remove a stack: its services, networks, secrets and configs',
    ]) {
      await expect.poll(async () => page.getByText(summary).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    }
    // Styled: the bundle's stylesheet was let in by the nonce.
    expect(await page.evaluate(() => document.querySelectorAll('style#scalar-style, style[nonce]').length)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});

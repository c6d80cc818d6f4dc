/**
 * The setup of the page tests at scale: a synthetic swarm behind the SSH bridge, the reference host with it
 * registered as a cluster, and chromium logged in as the owner.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { LabState } from '../../lab/lab.ts';
import { launchChromium } from './chromium.ts';
import { type LabHost, logIn, OWNER, startLabHost } from './lab-host.ts';
import { registerSyntheticCluster, type SyntheticBridge, startSyntheticBridge } from './synthetic-bridge.ts';
import type { SwarmSize } from './synthetic-swarm.ts';
import { lab as testLab } from './test-lab.ts';

export interface SyntheticPanel {
  bridge: SyntheticBridge;
  host: LabHost;
  page: Page;
  uuid: string;
  close(): Promise<void>;
}

/** `port` is the bridge sshd's: one per test file running at once. */
export async function openSyntheticPanel(lab: LabState, size: SwarmSize, port: number): Promise<SyntheticPanel> {
  let bridge: SyntheticBridge | undefined;
  let host: LabHost | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await host?.close();
    await bridge?.close();
  };
  try {
    bridge = await startSyntheticBridge(lab, { ...size, port });
    host = await startLabHost();
    const { uuid } = await registerSyntheticCluster(host, bridge);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await logIn(page, host.url, OWNER.email, OWNER.password);
    return { bridge, host, page, uuid, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The panel of a test file's `describe`: opened before its tests, closed after. Its fields are read inside the
 * tests, once it is open.
 */
export function useSyntheticPanel(size: SwarmSize, port: number): SyntheticPanel {
  const panel = {} as SyntheticPanel;
  beforeAll(async () => {
    Object.assign(panel, await openSyntheticPanel(testLab, size, port));
  });
  afterAll(() => panel.close?.());
  return panel;
}

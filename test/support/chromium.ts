/**
 * Debian's chromium, which the browser tests and the screenshots drive through playwright-core. The browser
 * tier's global setup installs it when it is missing and it can (root, apt-get), as the lab installs its own
 * packages; otherwise the run stops at once with the command to run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** CHROMIUM_PATH points elsewhere: another build, or a path that does not exist to try the missing case. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APT_GET = '/usr/bin/apt-get';

/** What the setup does about chromium: nothing, install it, or stop with one line saying what to run. */
export type ChromiumPlan = { action: 'none' } | { action: 'install' } | { action: 'stop'; message: string };

export function chromiumPlan(probe: { path: string; present: boolean; root: boolean; apt: boolean }): ChromiumPlan {
  if (probe.present) return { action: 'none' };
  if (probe.root && probe.apt) return { action: 'install' };
  const install = probe.apt ? 'sudo apt-get install chromium' : 'install chromium';
  return { action: 'stop', message: `the browser tests need chromium at ${probe.path}: ${install} (or set CHROMIUM_PATH)` };
}

/** Something the tests need is missing and was not installed; the message says what to run. */
export class MissingPrerequisite extends Error {
  override name = 'MissingPrerequisite';
}

export function ensureChromium(path = CHROMIUM_PATH): void {
  const plan = chromiumPlan({ path, present: existsSync(path), root: process.getuid?.() === 0, apt: existsSync(APT_GET) });
  if (plan.action === 'none') return;
  if (plan.action === 'stop') throw new MissingPrerequisite(plan.message);
  console.log('installing chromium with apt-get (the browser tests drive it)');
  // Nothing else runs during the global setup: blocking while apt-get prints its progress is fine.
  const apt = (args: string[]) => execFileSync(APT_GET, ['-q', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch (error) {
    throw new MissingPrerequisite(`apt-get could not install chromium (${(error as Error).message.split('\n')[0]}): run \`apt-get install chromium\``);
  }
  if (!existsSync(path)) throw new MissingPrerequisite(`chromium is installed but ${path} does not exist: set CHROMIUM_PATH to its executable`);
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  // Loaded here, not on import: the unit tier tests chromiumPlan, and playwright-core takes a second to load.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// The lab and browser tiers' global setup: brings up the shared test lab (a real 3-node swarm, see lab/lab.sh) once
// per vitest run, for both tiers, and makes sure what they need is here first. Installs what it can (the lab's
// Debian packages through lab.sh, chromium through apt-get); otherwise stops the run at once with one line saying
// what to run. KEEP_LAB=1 leaves the lab running afterwards for inspection; TEST_LAB_NAME and TEST_LAB_SUBNET select
// another lab so that several runs can proceed side by side. `npm run test:unit` is the run without a lab.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type LabOptions, type LabState, labDown, labSupported, labUp } from '../lab/lab.ts';
import { ensureChromium, MissingPrerequisite } from './support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test lab: every file of the lab and browser tiers has one. */
    lab: LabState;
  }
}

export const TEST_LAB: LabOptions = {
  name: process.env.TEST_LAB_NAME ?? 'swl-vitest',
  subnet: process.env.TEST_LAB_SUBNET ?? '10.231.20',
};
/** The three-manager failover lab next to the test lab (name-ha, subnet + 1), so that parallel runs on other labs do not collide. */
export const HA_LAB: LabOptions = {
  name: `${TEST_LAB.name}-ha`,
  subnet: TEST_LAB.subnet!.replace(/\.(\d+)$/, (_, octet: string) => `.${Number(octet) + 1}`),
};
const LOCK_WAIT_MS = 15 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `up` replaces any lab of the same name, so a second vitest run would tear the lab down under the
 * first one: runs on the same lab wait for each other through a pid lock file.
 */
async function lockLab(lockPath: string): Promise<() => Promise<void>> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    if (!owner || !isAlive(owner)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`lab ${TEST_LAB.name} is still used by vitest pid ${owner} (${lockPath})`);
    if (!announced) {
      console.warn(`waiting for vitest pid ${owner} to release lab ${TEST_LAB.name} (or set TEST_LAB_NAME/TEST_LAB_SUBNET)`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Stops the run before the lab, which takes a minute to come up, when something is missing that cannot be installed. */
function ensurePrerequisites(project: TestProject): void {
  const supported = labSupported();
  if (!supported.ok)
    throw new MissingPrerequisite(`${supported.reason}: run the lab tests as root (sudo npm test), or only the unit tests (npm run test:unit)`);
  if (project.vitest.state.getPaths().some((file) => file.endsWith('.browser.test.ts'))) ensureChromium();
}

/** The lab of this run, shared by the tiers that need it: up once, down after the last of them. */
interface SharedLab {
  up: Promise<{ lab: LabState; release: () => Promise<void> }>;
  users: number;
}
// Each project loads this module on its own: the run's one lab lives on the process.
const SHARED = Symbol.for('swarm-clusters.test-lab');
const processWide = globalThis as { [SHARED]?: SharedLab };

async function bringUp(): Promise<{ lab: LabState; release: () => Promise<void> }> {
  const unlock = await lockLab(path.join(process.env.LAB_DIR ?? '/var/lib/swarm-lab', `${TEST_LAB.name}.vitest.lock`));
  try {
    const lab = await labUp({ ...TEST_LAB, nodes: 3, managers: 1 });
    const release = async () => {
      try {
        if (process.env.KEEP_LAB !== '1') await labDown(TEST_LAB);
      } finally {
        await unlock();
      }
    };
    return { lab, release };
  } catch (error) {
    await unlock();
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    ensurePrerequisites(project);
  } catch (error) {
    if (!(error instanceof MissingPrerequisite)) throw error;
    // Before any test file ran: one line saying what to run, rather than a report of files that found no lab.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  processWide[SHARED] ??= { up: bringUp(), users: 0 };
  const shared = processWide[SHARED];
  const { lab, release } = await shared.up;
  shared.users += 1;
  project.provide('lab', lab);
  return async () => {
    shared.users -= 1;
    if (shared.users === 0) await release();
  };
}

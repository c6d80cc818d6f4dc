// Brings up the shared test lab (a real 3-node swarm, see lab/lab.sh) once per vitest run.
// LAB=0 skips it; KEEP_LAB=1 leaves it running afterwards for inspection; TEST_LAB_NAME/TEST_LAB_SUBNET
// select another lab so that several runs can proceed side by side.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { labDown, labSupported, labUp, type LabOptions, type LabState } from '../lab/lab.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test lab, or null when it was skipped (LAB=0) or cannot run here (not root / not Linux). */
    lab: LabState | null;
    /** Why lab is null. */
    labUnavailable: string | null;
  }
}

export const TEST_LAB: LabOptions = {
  name: process.env.TEST_LAB_NAME ?? 'swl-test',
  subnet: process.env.TEST_LAB_SUBNET ?? '10.231.10',
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

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const supported = labSupported();
  const unavailable = process.env.LAB === '0' ? 'LAB=0' : supported.ok ? null : supported.reason;
  if (unavailable) {
    project.provide('lab', null);
    project.provide('labUnavailable', unavailable);
    return undefined;
  }
  const unlock = await lockLab(path.join(process.env.LAB_DIR ?? '/var/lib/swarm-lab', `${TEST_LAB.name}.vitest.lock`));
  try {
    project.provide('lab', await labUp({ ...TEST_LAB, nodes: 3, managers: 1 }));
    project.provide('labUnavailable', null);
  } catch (error) {
    await unlock();
    throw error;
  }
  return async () => {
    try {
      if (process.env.KEEP_LAB !== '1') await labDown(TEST_LAB);
    } finally {
      await unlock();
    }
  };
}

/** The run's shared test lab (see test/global-setup.ts) and the docker CLI of its manager. */
import { inject } from 'vitest';
import { labDocker, type LabState } from '../../lab/lab.ts';

export const lab = inject('lab') as LabState | null;

export function requireLab(): LabState {
  if (!lab) throw new Error('the lab swarm is not up: run as root on Linux (set LAB=0 to skip lab tests)');
  return lab;
}

export const manager = () => requireLab().nodes.find((n) => n.role === 'manager')!;

/** The docker CLI as on the lab's manager; `input` goes to its stdin. */
export const cli = (args: string[], input?: string) => labDocker(requireLab(), manager().name, args, input === undefined ? undefined : { input });

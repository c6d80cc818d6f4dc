/** The run's shared test lab (see test/global-setup.ts) and the docker CLI of its manager. */
import { inject } from 'vitest';
import { labDocker } from '../../lab/lab.ts';

export const lab = inject('lab');

export const manager = () => lab.nodes.find((n) => n.role === 'manager')!;

/** The docker CLI as on the lab's manager; `input` goes to its stdin. */
export const cli = (args: string[], input?: string) => labDocker(lab, manager().name, args, input === undefined ? undefined : { input });

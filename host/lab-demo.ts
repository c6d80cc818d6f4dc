/**
 * The lab demo: a real swarm with demo services, registered in the host so a newcomer sees a
 * live cluster. To be written with the lab engineer; `LAB=0` skips it.
 */
import type { HostApp } from './app.ts';

export async function setUpLab(host: HostApp): Promise<void> {
  host.services.logger.info('lab demo not set up yet', { step: 'setUpLab' });
}

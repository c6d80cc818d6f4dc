/** Service operations of one row of the services table (filled in by the service operations work). */
import type { ServiceView } from '../src/domain/swarm-views.ts';

export function ServiceActions(_props: { service: ServiceView; canOperate: boolean }) {
  return null;
}

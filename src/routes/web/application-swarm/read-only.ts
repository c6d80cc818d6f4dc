import type { Principal } from '../../../contract/host.ts';

/** Why the viewer may not save or deploy the settings (`mayOperate`: may operate clusters), or null when they may. */
export function readOnlyReason(principal: Pick<Principal, 'role' | 'abilities'>, mayOperate: boolean): string | null {
  if (mayOperate) return null;
  return principal.abilities.includes('write')
    ? `Only owners and admins may change or deploy these settings (you are ${principal.role}).`
    : 'This session is read-only: the settings can be viewed and checked, not changed.';
}

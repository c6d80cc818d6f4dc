/**
 * The host's authorization rules, as pure functions of the principal. Team scoping comes
 * first everywhere: a principal only ever acts within its own team (or, for an owner,
 * a team it created and is still populating).
 */
import type { ClusterAction, Principal, TeamRole } from '../../src/contract/host.ts';
import type { TeamRow } from '../db/schema.ts';

const MANAGERS: readonly TeamRole[] = ['owner', 'admin'];
const EDITORS: readonly TeamRole[] = ['owner', 'admin', 'member'];

const canWrite = (p: Principal) => p.abilities.includes('write');
const isManager = (p: Principal) => MANAGERS.includes(p.role);

/** `auth.authorize` of the contract. */
export function authorizeClusterAction(opts: { principal: Principal; action: ClusterAction; teamId: string }): boolean {
  const { principal, action, teamId } = opts;
  if (principal.teamId !== teamId) return false;
  switch (action) {
    case 'cluster.view':
      return true;
    // A manager join token is root on every node: as guarded as any write.
    case 'cluster.join-tokens':
    case 'cluster.create':
    case 'cluster.update':
    case 'cluster.delete':
    case 'cluster.operate':
      return isManager(principal) && canWrite(principal);
  }
}

/** Why a host write is refused, or null when allowed. The reason is shown in the 403. */
export type Denial = string | null;

export function mayCreateTeam(p: Principal): Denial {
  return p.role === 'owner' ? null : 'only an owner may create teams';
}

/** Adding users or tokens to a team: its owners and admins, or the owner who created it. */
export function mayManageMembersOf(p: Principal, team: Pick<TeamRow, 'id' | 'createdBy'>): Denial {
  if (p.teamId === team.id) return isManager(p) ? null : 'only an owner or admin may manage members';
  if (p.role === 'owner' && team.createdBy === p.userId) return null;
  return 'not a member of that team';
}

/** An admin cannot mint owners, nor tokens acting as one. */
export function mayGrantRole(p: Principal, role: TeamRole): Denial {
  return role === 'owner' && p.role !== 'owner' ? 'only an owner may grant the owner role' : null;
}

/** Servers hold SSH keys to real machines: managers only. */
export function mayWriteServers(p: Principal): Denial {
  return isManager(p) ? null : 'only an owner or admin may add servers';
}

export function mayWriteApplications(p: Principal): Denial {
  return EDITORS.includes(p.role) ? null : 'viewers are read-only';
}

/** The inbox is shared by the team: marking it read is a write, so viewers cannot. */
export function mayUpdateInbox(p: Principal): Denial {
  return EDITORS.includes(p.role) ? null : 'viewers are read-only';
}

export function mayConfigureNotifications(p: Principal): Denial {
  return isManager(p) ? null : 'only an owner or admin may configure notification channels';
}

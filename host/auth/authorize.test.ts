import { describe, expect, it } from 'vitest';
import type { ClusterAction, Principal, TeamRole } from '../../src/contract/host.ts';
import { authorizeClusterAction, mayCreateTeam, mayGrantRole, mayManageMembersOf, mayUpdateInbox, mayWriteApplications, mayWriteServers } from './authorize.ts';

const principal = (role: TeamRole, abilities: Principal['abilities'] = ['read', 'write']): Principal => ({
  userId: `u-${role}`,
  teamId: 't1',
  role,
  email: `${role}@example.com`,
  abilities,
  via: 'token',
});

const allowed = (p: Principal, action: ClusterAction, teamId = 't1') => authorizeClusterAction({ principal: p, action, teamId });

describe('authorizeClusterAction', () => {
  it('lets any role of the team view, none of another team', () => {
    for (const role of ['owner', 'admin', 'member', 'viewer'] as const) {
      expect(allowed(principal(role), 'cluster.view')).toBe(true);
      expect(allowed(principal(role), 'cluster.view', 't2')).toBe(false);
    }
  });

  it('lets owners and admins with a write token change clusters', () => {
    for (const action of ['cluster.create', 'cluster.update', 'cluster.delete', 'cluster.operate'] as const) {
      expect(allowed(principal('owner'), action)).toBe(true);
      expect(allowed(principal('admin'), action)).toBe(true);
      expect(allowed(principal('member'), action)).toBe(false);
      expect(allowed(principal('viewer'), action)).toBe(false);
      expect(allowed(principal('owner', ['read']), action)).toBe(false);
      expect(allowed(principal('owner'), action, 't2')).toBe(false);
    }
  });

  it('shows join tokens to owners and admins with the write ability only (a manager token is root on every node)', () => {
    expect(allowed(principal('admin'), 'cluster.join-tokens')).toBe(true);
    expect(allowed(principal('owner'), 'cluster.join-tokens')).toBe(true);
    expect(allowed(principal('admin', ['read']), 'cluster.join-tokens')).toBe(false);
    expect(allowed(principal('owner', ['read']), 'cluster.join-tokens')).toBe(false);
    expect(allowed(principal('member'), 'cluster.join-tokens')).toBe(false);
  });
});

describe('host write rules', () => {
  it('lets only owners create teams and grant the owner role', () => {
    expect(mayCreateTeam(principal('owner'))).toBeNull();
    expect(mayCreateTeam(principal('admin'))).toMatch(/owner/);
    expect(mayGrantRole(principal('admin'), 'owner')).toMatch(/owner/);
    expect(mayGrantRole(principal('admin'), 'admin')).toBeNull();
  });

  it('lets managers of a team, or the owner who created it, manage its members', () => {
    expect(mayManageMembersOf(principal('admin'), { id: 't1', createdBy: null })).toBeNull();
    expect(mayManageMembersOf(principal('member'), { id: 't1', createdBy: null })).toMatch(/owner or admin/);
    expect(mayManageMembersOf(principal('owner'), { id: 't2', createdBy: 'u-owner' })).toBeNull();
    expect(mayManageMembersOf(principal('owner'), { id: 't2', createdBy: 'someone' })).toMatch(/not a member/);
    expect(mayManageMembersOf(principal('admin'), { id: 't2', createdBy: 'u-admin' })).toMatch(/not a member/);
  });

  it('keeps viewers read-only and servers to managers', () => {
    expect(mayWriteServers(principal('member'))).not.toBeNull();
    expect(mayWriteServers(principal('admin'))).toBeNull();
    expect(mayWriteApplications(principal('member'))).toBeNull();
    expect(mayWriteApplications(principal('viewer'))).not.toBeNull();
    expect(mayUpdateInbox(principal('viewer'))).not.toBeNull();
  });
});

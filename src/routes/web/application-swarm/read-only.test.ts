import { describe, expect, it } from 'vitest';
import { readOnlyReason } from './read-only.ts';

describe('read-only reason', () => {
  it('is none for a viewer who may operate clusters', () => {
    expect(readOnlyReason({ role: 'admin', abilities: ['read', 'write'] }, true)).toBeNull();
  });

  it('names the role of a member who may write but not operate, and a read-only session as such', () => {
    expect(readOnlyReason({ role: 'member', abilities: ['read', 'write'] }, false)).toBe(
      'Only owners and admins may change or deploy these settings (you are member).',
    );
    expect(readOnlyReason({ role: 'owner', abilities: ['read'] }, false)).toBe(
      'This session is read-only: the settings can be viewed and checked, not changed.',
    );
  });
});

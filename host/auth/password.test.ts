import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('still verifies a hash made with the earlier parameters', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const hash = scryptSync('old password', salt, 64, { N: 16384, r: 8, p: 1 });
    const stored = ['scrypt', 16384, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
    expect(await verifyPassword('old password', stored)).toBe(true);
    expect(await verifyPassword('old passwore', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword('new'))).toBe(false);
  });

  it("hashes with a block above glibc's 32 MiB cap on its dynamic mmap threshold", async () => {
    // Below it, freeing the block raised the process's malloc thresholds for good (see password.ts).
    const [, n, r] = (await hashPassword('x')).split('$');
    expect(128 * Number(n) * Number(r)).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('rejects malformed stored values', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

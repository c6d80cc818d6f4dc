import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, needsRehash, PASSWORD_COST, type PasswordCost, verifyPassword } from './password.ts';

const CHEAP: PasswordCost = { N: 16, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one, at the default cost', async () => {
    const stored = await hashPassword('correct horse', PASSWORD_COST);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
    expect(needsRehash(stored, PASSWORD_COST)).toBe(false);
  });

  it('still verifies a hash made with the earlier parameters', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const hash = scryptSync('old password', salt, 64, { N: 16384, r: 8, p: 1 });
    const stored = ['scrypt', 16384, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
    expect(await verifyPassword('old password', stored)).toBe(true);
    expect(await verifyPassword('old passwore', stored)).toBe(false);
    expect(needsRehash(stored, PASSWORD_COST)).toBe(true);
  });

  it('hashes at the cost it is given, and verifies by the cost the hash carries', async () => {
    const stored = await hashPassword('cheap', CHEAP);
    expect(stored).toMatch(/^scrypt\$16\$8\$1\$/);
    expect(await verifyPassword('cheap', stored)).toBe(true);
    expect(await verifyPassword('cheaq', stored)).toBe(false);
    expect(needsRehash(stored, CHEAP)).toBe(false);
    expect(needsRehash(stored, PASSWORD_COST)).toBe(true);
    expect(await dummyPasswordHash(CHEAP)).toMatch(/^scrypt\$16\$8\$1\$/);
  });

  it("hashes by default with a block above glibc's 32 MiB cap on its dynamic mmap threshold", () => {
    // Below it, freeing the block raised the process's malloc thresholds for good (see password.ts).
    expect(128 * PASSWORD_COST.N * PASSWORD_COST.r).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same', CHEAP)).not.toBe(await hashPassword('same', CHEAP));
  });

  it('rejects malformed stored values', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});

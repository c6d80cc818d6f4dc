import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCipher, generateHostKey, loadHostKey } from './crypto.ts';

describe('createCipher', () => {
  const cipher = createCipher(generateHostKey());

  it('round-trips and uses a fresh IV each time', () => {
    const a = cipher.encrypt('-----BEGIN OPENSSH PRIVATE KEY-----');
    const b = cipher.encrypt('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(a).not.toBe(b);
    expect(a).not.toContain('OPENSSH');
    expect(cipher.decrypt(a)).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
  });

  it('refuses tampered data and another key', () => {
    const ct = cipher.encrypt('secret');
    const parts = ct.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0]! ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => createCipher(generateHostKey()).decrypt(ct)).toThrow();
    expect(() => cipher.decrypt('garbage')).toThrow('not a host ciphertext');
  });

  it('rejects a key of the wrong size', () => {
    expect(() => createCipher(Buffer.alloc(16))).toThrow('32 bytes');
  });
});

describe('loadHostKey', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates host.key with mode 0600 once and reuses it', () => {
    const dataDir = join(tempDir(), 'data');
    const first = loadHostKey({ dataDir });
    expect(first).toHaveLength(32);
    expect(statSync(join(dataDir, 'host.key')).mode & 0o777).toBe(0o600);
    expect(loadHostKey({ dataDir }).equals(first)).toBe(true);
    expect(readFileSync(join(dataDir, 'host.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('prefers HOST_KEY and validates its length', () => {
    const key = generateHostKey();
    const dataDir = tempDir();
    expect(loadHostKey({ dataDir, env: { HOST_KEY: key.toString('base64') } }).equals(key)).toBe(true);
    expect(() => loadHostKey({ dataDir, env: { HOST_KEY: 'c2hvcnQ=' } })).toThrow('HOST_KEY must hold 32 bytes');
  });
});

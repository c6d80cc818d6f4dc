import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyFingerprint, MemoryHostKeyStore } from './host-keys.ts';

describe('hostKeyFingerprint', () => {
  it('matches what ssh-keygen -l prints for the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostkey-'));
    try {
      const keyPath = join(dir, 'key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]);
      const blob = Buffer.from(readFileSync(`${keyPath}.pub`, 'utf8').split(' ')[1]!, 'base64');
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${keyPath}.pub`], { encoding: 'utf8' });
      expect(printed.split(' ')[1]).toBe(hostKeyFingerprint(blob));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('MemoryHostKeyStore', () => {
  it('returns null until a fingerprint is pinned', async () => {
    const store = new MemoryHostKeyStore();
    expect(await store.get('s1')).toBeNull();
    await store.pin('s1', 'SHA256:abc');
    expect(await store.get('s1')).toBe('SHA256:abc');
  });
});

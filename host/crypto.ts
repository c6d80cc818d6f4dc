/**
 * AES-256-GCM with the host key: the contract's `crypto.encrypt/decrypt` (the plugin's join
 * tokens) and the host's own server private keys. Ciphertext format: `v1.<iv>.<tag>.<data>`
 * (base64url), so a later key rotation or algorithm can be told apart by its prefix.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

export interface HostCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export function createCipher(key: Buffer): HostCipher {
  if (key.length !== KEY_BYTES) throw new Error(`host key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), data].map(b64).join('.');
    },
    decrypt(ciphertext) {
      const [version, iv, tag, data] = ciphertext.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('not a host ciphertext');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      // final() throws when the tag does not match: a tampered value or another host's key.
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

const b64 = (part: string | Buffer) => (typeof part === 'string' ? part : part.toString('base64url'));

export function generateHostKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * The host key: `HOST_KEY` (base64) when set, else `<dataDir>/host.key`, created 0600 on first
 * start. Losing it makes every stored private key and join token unreadable.
 */
export function loadHostKey(opts: { dataDir: string; env?: Record<string, string | undefined> }): Buffer {
  const fromEnv = opts.env?.HOST_KEY;
  if (fromEnv) return decodeKey(fromEnv, 'HOST_KEY');
  const file = join(opts.dataDir, 'host.key');
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' never overwrites: a second process starting at the same time reads the first one's key.
    writeFileSync(file, `${generateHostKey().toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${source} must hold ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

/**
 * Password hashing with scrypt and a per-user random salt. The parameters travel with the
 * hash (`scrypt$N$r$p$salt$hash`) so they can be raised later without breaking old hashes:
 * verifying reads them from the hash, only hashing takes a cost.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost parameters for new hashes. */
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The host's default. scrypt's block is 128·N·r bytes: 32 MiB here (Node's 16 MiB default gave it 16 MiB). Above
 * 32 MiB glibc's malloc maps the block and unmaps it after the hash; at 16 MiB, freeing it raised the process's mmap threshold to 16 MiB
 * and its trim threshold to 32 MiB for good (glibc's dynamic threshold, capped at 32 MiB), so every later buffer up to
 * 16 MiB (answers, compressor windows) was served from malloc arenas that never gave memory back: ~15-20 MB more RSS
 * after a few reads of a large swarm. It also doubles the hash's cost (~70 → ~150 ms here), which a password wants.
 */
export const PASSWORD_COST: PasswordCost = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
/** Node refuses blocks above 32 MiB by default; 64 MiB allows this N and nothing wilder from a stored hash. */
const MAX_MEMORY = 64 * 1024 * 1024;

// Async scrypt keeps the hashing per login off the event loop.
function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_LENGTH, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/**
 * Whether a stored hash was made with other parameters than `cost`: the login then stores a new one, so an account
 * made before N was raised stops allocating the 16 MiB block (see PASSWORD_COST) at each login.
 */
export function needsRehash(stored: string, cost: PasswordCost): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== cost.N || Number(r) !== cost.r || Number(p) !== cost.p;
}

/** By cost: a process may run hosts of different costs (tests do). */
const dummyHashes = new Map<string, Promise<string>>();

/**
 * A valid hash of nothing in particular, at `cost`: login runs scrypt against it for unknown emails,
 * so response time does not reveal which emails exist.
 */
export function dummyPasswordHash(cost: PasswordCost): Promise<string> {
  const key = `${cost.N}$${cost.r}$${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(key, hash);
  }
  return hash;
}

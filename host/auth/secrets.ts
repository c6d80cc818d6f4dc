/**
 * Bearer secrets (session cookies, API tokens). Only their SHA-256 is stored: the secrets are
 * 256 random bits, so a fast hash is enough and lookups stay a single indexed query.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_TOKEN_PREFIX = 'hp_';

export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The per-session CSRF token, derived from the session secret rather than stored: only the
 * holder of the cookie can compute it, and the database never holds anything that forges it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

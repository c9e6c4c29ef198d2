import { createHash, randomBytes } from 'node:crypto';

/** Prefix of keys the gateway generates, so they are recognisable in logs and scanners. */
export const KEY_PREFIX = 'sk-sb-';

/** A new random gateway key (192 bits of entropy). */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString('base64url');
}

/** Keys are stored as SHA-256 hex digests: they are random, so a slow hash adds nothing. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What is shown of a key in listings: enough to recognise it, not to use it. */
export function displayPrefix(key: string): string {
  return key.slice(0, Math.min(10, Math.max(4, key.length - 8)));
}

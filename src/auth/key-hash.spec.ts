import { createHash } from 'node:crypto';
import { displayPrefix, generateApiKey, hashApiKey, KEY_PREFIX } from './key-hash';

describe('generateApiKey', () => {
  it('returns an sk-sb- key with a URL-safe random part of 192 bits', () => {
    const key = generateApiKey();
    expect(KEY_PREFIX).toBe('sk-sb-');
    // 24 random bytes in base64url = 32 characters, no padding
    expect(key).toMatch(/^sk-sb-[A-Za-z0-9_-]{32}$/);
  });

  it('never repeats a key over many draws', () => {
    const keys = new Set(Array.from({ length: 5000 }, () => generateApiKey()));
    expect(keys.size).toBe(5000);
  });
});

describe('hashApiKey', () => {
  it('is the SHA-256 hex digest of the key', () => {
    const key = 'sk-sb-example-key-0123456789';
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes non-ASCII keys as UTF-8', () => {
    const key = 'clé-🔑';
    expect(hashApiKey(key)).toBe(
      createHash('sha256').update(Buffer.from(key, 'utf8')).digest('hex'),
    );
  });

  it('gives different keys different hashes', () => {
    expect(hashApiKey('sk-sb-a')).not.toBe(hashApiKey('sk-sb-b'));
  });
});

describe('displayPrefix', () => {
  it('shows the start of a generated key, not the key', () => {
    const key = generateApiKey();
    const prefix = displayPrefix(key);
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThanOrEqual(10);
    expect(prefix.startsWith('sk-sb-')).toBe(true);
  });

  it('hides at least 8 characters of any key the gateway accepts (16+ characters)', () => {
    for (let n = 16; n <= 64; n++) {
      const key = 'k'.repeat(n);
      const prefix = displayPrefix(key);
      expect(key.startsWith(prefix)).toBe(true);
      expect(n - prefix.length).toBeGreaterThanOrEqual(8);
    }
  });

  it('shows at most 10 characters however long the key is', () => {
    expect(displayPrefix('x'.repeat(200))).toHaveLength(10);
  });
});

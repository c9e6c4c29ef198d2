import { SecretCipher } from './secret-cipher';

const SECRET = 'gateway-secret-for-tests-0123456789';
const PLAINTEXT = 'sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Flip one bit of the base64url part at `index` of a stored value. */
function tamper(stored: string, index: number): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[index], 'base64url');
  bytes[0] ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('SecretCipher', () => {
  const cipher = new SecretCipher(SECRET);

  it.each([PLAINTEXT, '', 'ünïcødé 🔑 key', 'x'.repeat(10_000)])(
    'decrypts what it encrypted (%#)',
    (plaintext) => {
      expect(cipher.decrypt(cipher.encrypt(plaintext))).toBe(plaintext);
    },
  );

  it('decrypts with a new instance built from the same secret (e.g. after a restart)', () => {
    expect(new SecretCipher(SECRET).decrypt(cipher.encrypt(PLAINTEXT))).toBe(PLAINTEXT);
  });

  it('stores a versioned value that does not contain the plaintext', () => {
    const stored = cipher.encrypt(PLAINTEXT);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(PLAINTEXT);
    expect(stored).not.toContain(Buffer.from(PLAINTEXT).toString('base64url'));
    expect(stored).not.toContain('ABCDEFGH');
  });

  it('uses a random IV, so the same plaintext encrypts differently each time', () => {
    const a = cipher.encrypt(PLAINTEXT);
    const b = cipher.encrypt(PLAINTEXT);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('fails to decrypt under a different secret', () => {
    const stored = cipher.encrypt(PLAINTEXT);
    expect(() => new SecretCipher('another-secret-entirely-000').decrypt(stored)).toThrow();
  });

  it.each([
    ['IV', 1],
    ['auth tag', 2],
    ['ciphertext', 3],
  ])('fails when the %s was tampered with', (_part, index) => {
    const stored = cipher.encrypt(PLAINTEXT);
    expect(() => cipher.decrypt(tamper(stored, index))).toThrow();
  });

  it('fails when the auth tag was truncated (a short GCM tag is easy to forge)', () => {
    const parts = cipher.encrypt(PLAINTEXT).split(':');
    parts[2] = Buffer.from(parts[2], 'base64url').subarray(0, 4).toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'))).toThrow();
  });

  it.each([
    ['an unknown version', (s: string) => s.replace(/^v1:/, 'v2:')],
    ['a plaintext key stored by mistake', () => PLAINTEXT],
    ['a truncated value', (s: string) => s.split(':').slice(0, 3).join(':')],
  ])('rejects %s', (_label, mangle) => {
    const stored = mangle(cipher.encrypt(PLAINTEXT));
    expect(() => cipher.decrypt(stored)).toThrow(/known version/);
  });
});

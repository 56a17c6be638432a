import { describe, expect, it } from 'vitest';
import { apiKeyId, generateApiKey, hashApiKey, hashPassword, verifyPassword } from '../../../src/auth/index.ts';

describe('passwords', () => {
  it('hashes with scrypt, salted, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'bcrypt$whatever')).toBe(false);
  });

  it('reads the cost from the stored hash, so raising it later keeps old hashes valid', async () => {
    const stored = await hashPassword('correct horse battery');
    const cheaper = stored.replace('scrypt$32768$', 'scrypt$1024$');
    expect(await verifyPassword('correct horse battery', cheaper)).toBe(false);
  });

  it('refuses passwords that are too short or absurdly long', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'password' }],
    });
    await expect(hashPassword('x'.repeat(1_025))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await verifyPassword('x'.repeat(1_025), await hashPassword('correct horse battery'))).toBe(false);
  });
});

describe('API keys', () => {
  it('are psz_<id>_<256-bit secret>, found by id, stored as sha256', () => {
    const { id, key } = generateApiKey();
    expect(key).toMatch(/^psz_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyId(key)).toBe(id);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().key).not.toBe(key);
    for (const bad of ['', 'psz_', `${key}x`, key.replace('psz_', 'pz_'), 'Bearer x']) expect(apiKeyId(bad)).toBeNull();
  });
});

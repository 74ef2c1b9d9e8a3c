import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  hashManagementSecret,
  isBcryptHash,
  isHashedSecret,
  MANAGEMENT_SECRET_SCRYPT,
  verifyManagementSecret,
} from './management-secret.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const BCRYPT = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

describe('hashManagementSecret', () => {
  it('writes $scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const first = await hashManagementSecret('correct horse battery staple');
    const second = await hashManagementSecret('correct horse battery staple');
    const { cost, blockSize, parallelization } = MANAGEMENT_SECRET_SCRYPT;
    expect(first).toMatch(
      new RegExp(
        `^\\$scrypt\\$${cost}\\$${blockSize}\\$${parallelization}\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+$`,
      ),
    );
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
    expect(isHashedSecret(first)).toBe(true);
  });

  it('verifies the secret and nothing else against a hash', async () => {
    const stored = await hashManagementSecret('s3cret-management-key');
    expect(await verifyManagementSecret('s3cret-management-key', stored)).toBe(true);
    expect(await verifyManagementSecret('s3cret-management-keY', stored)).toBe(false);
    expect(await verifyManagementSecret('', stored)).toBe(false);
    expect(await verifyManagementSecret(stored, stored)).toBe(false);
  });
});

describe('verifyManagementSecret with a plain stored secret (first start)', () => {
  it('compares the plain values', async () => {
    expect(await verifyManagementSecret('plain-secret', 'plain-secret')).toBe(true);
    expect(await verifyManagementSecret('plain-secre', 'plain-secret')).toBe(false);
    expect(await verifyManagementSecret('plain-secret-and-more', 'plain-secret')).toBe(false);
    expect(await verifyManagementSecret('anything', '')).toBe(false);
  });

  it('compares in constant time: equal-length digests through timingSafeEqual', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    await verifyManagementSecret('short', 'a-much-longer-plain-secret');
    await verifyManagementSecret('x', await hashManagementSecret('hashed-secret'));
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [left, right] of spy.mock.calls) {
      expect((left as Buffer).length).toBe((right as Buffer).length);
    }
  });
});

describe('isHashedSecret / isBcryptHash', () => {
  it.each([
    ['plain text', false],
    ['$scrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', true],
    ['$scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', false], // N not a power of two
    ['$scrypt$16384$8$1$c2FsdA==$aGFzaA==', false], // salt and hash too short
    ['$scrypt$4194304$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==', false], // cost beyond the bound
    [BCRYPT, false],
  ])('%s → %s', (text, expected) => {
    expect(isHashedSecret(text)).toBe(expected);
  });

  it('recognizes CLIProxyAPI bcrypt hashes, which never verify', async () => {
    expect(isBcryptHash(BCRYPT)).toBe(true);
    expect(isBcryptHash('$scrypt$16384$8$1$a$b')).toBe(false);
    expect(await verifyManagementSecret(BCRYPT, BCRYPT)).toBe(false);
  });
});

import * as crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  hashManagementSecret,
  isBcryptHash,
  isHashedSecret,
  MANAGEMENT_SECRET_SCRYPT,
  VERIFIED_TTL_MS,
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

  it('recognizes CLIProxyAPI bcrypt hashes', () => {
    expect(isBcryptHash(BCRYPT)).toBe(true);
    expect(isBcryptHash('$scrypt$16384$8$1$a$b')).toBe(false);
  });
});

describe('verifyManagementSecret with a CLIProxyAPI bcrypt hash', () => {
  // Cost 4, the lowest, keeps the test fast; CLIProxyAPI writes cost 10 (Go's bcrypt.DefaultCost).
  const stored = bcrypt.hashSync('cli-proxy-secret', 4);

  it('verifies the secret and nothing else, whatever the $2a$ / $2b$ / $2y$ prefix', async () => {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const hash = `${prefix}${stored.slice(4)}`;
      expect(isBcryptHash(hash)).toBe(true);
      expect(await verifyManagementSecret('cli-proxy-secret', hash), prefix).toBe(true);
      expect(await verifyManagementSecret('cli-proxy-secreT', hash), prefix).toBe(false);
      expect(await verifyManagementSecret(hash, hash), prefix).toBe(false);
    }
  });

  it('matches nothing against a hash bcrypt refuses (a cost outside 4–31), without throwing', async () => {
    const outOfRange = `$2a$99$${stored.slice(7)}`;
    expect(isBcryptHash(outOfRange)).toBe(true);
    expect(await verifyManagementSecret('cli-proxy-secret', outOfRange)).toBe(false);
  });
});

describe('verifyManagementSecret: keys that matched a hash are remembered', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('hashes a right key once within the TTL, a wrong key every time, and again after the TTL', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const stored = bcrypt.hashSync('dashboard-key', 4);
    const compare = vi.spyOn(bcrypt, 'compare');
    expect(await verifyManagementSecret('dashboard-key', stored)).toBe(true);
    expect(await verifyManagementSecret('dashboard-key', stored)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    expect(await verifyManagementSecret('wrong-key', stored)).toBe(false);
    expect(await verifyManagementSecret('wrong-key', stored)).toBe(false);
    expect(compare).toHaveBeenCalledTimes(3);
    // Another stored hash (the secret was changed) is checked afresh.
    const changed = bcrypt.hashSync('dashboard-key', 4);
    expect(await verifyManagementSecret('dashboard-key', changed)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(4);
    vi.setSystemTime(1_000_000 + VERIFIED_TTL_MS + 1);
    expect(await verifyManagementSecret('dashboard-key', stored)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(5);
  });
});

/**
 * The management API's secret (`remote-management.secret-key`, seed 002 "Management API"): written
 * plain by the operator, stored hashed by the gateway after its first start (issue 6), as
 * CLIProxyAPI stores a bcrypt hash. Switchboard uses scrypt (node:crypto, no dependency).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters of new hashes: Node's defaults (N = 2^14, r = 8, p = 1: 16 MiB, ~50 ms). */
export const MANAGEMENT_SECRET_SCRYPT = {
  cost: 16_384,
  blockSize: 8,
  parallelization: 1,
  /** Random salt per hash, bytes. */
  saltBytes: 16,
  /** Derived key length, bytes. */
  keyBytes: 32,
} as const;

/** Largest scrypt cost accepted when verifying a stored hash (bounds memory: 128 · N · r bytes). */
const MAX_VERIFY_COST = 1 << 20;
const MAX_VERIFY_BLOCK_SIZE = 32;
const MAX_VERIFY_PARALLELIZATION = 16;

/** `$scrypt$N$r$p$salt$hash`, salt and hash in standard base64 (padding optional). */
const HASH_PATTERN =
  /^\$scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** The parts of a stored hash. */
interface ParsedHash {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * Hashes a management secret for storage in `config.yaml`.
 * @param plain the secret as the operator wrote it (any non-empty string)
 * @returns `$scrypt$16384$8$1$<salt base64>$<hash base64>` (a new random salt each call)
 */
export async function hashManagementSecret(plain: string): Promise<string> {
  const { cost, blockSize, parallelization, saltBytes, keyBytes } = MANAGEMENT_SECRET_SCRYPT;
  const salt = randomBytes(saltBytes);
  const hash = await derive(plain, salt, keyBytes, { cost, blockSize, parallelization });
  return `$scrypt$${cost}$${blockSize}$${parallelization}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Whether `text` is a hash written by {@link hashManagementSecret} (format and sane parameters),
 * as opposed to a plain secret the operator wrote.
 */
export function isHashedSecret(text: string): boolean {
  return parseHash(text) !== undefined;
}

/**
 * Whether `text` is a bcrypt hash (`$2a$`, `$2b$`, `$2y$`: what CLIProxyAPI stores). Switchboard
 * cannot verify those; the operator must write the plain secret again.
 */
export function isBcryptHash(text: string): boolean {
  return /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(text);
}

/**
 * Checks a presented management key against the stored secret, in constant time for a given
 * stored value: a hashed secret is re-derived with its own salt and parameters and the digests
 * compared with `timingSafeEqual`; a plain secret (first start, before the hash is written) is
 * compared through SHA-256 digests so that neither length nor content leaks through timing.
 * A bcrypt hash (CLIProxyAPI's) never matches.
 * @param candidate the key the client sent
 * @param stored `remote-management.secret-key` as loaded (plain or `$scrypt$…`)
 * @returns true when the key is the secret; false for an empty candidate or stored value
 */
export async function verifyManagementSecret(candidate: string, stored: string): Promise<boolean> {
  if (candidate === '' || stored === '') return false;
  const parsed = parseHash(stored);
  if (parsed !== undefined) {
    const derived = await derive(candidate, parsed.salt, parsed.hash.length, parsed);
    return derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
  }
  if (isBcryptHash(stored)) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(candidate), digest(stored));
}

function parseHash(text: string): ParsedHash | undefined {
  const match = HASH_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, costText, blockText, parallelText, saltText, hashText] = match;
  const cost = Number(costText);
  const blockSize = Number(blockText);
  const parallelization = Number(parallelText);
  const salt = Buffer.from(saltText ?? '', 'base64');
  const hash = Buffer.from(hashText ?? '', 'base64');
  const powerOfTwo = cost > 1 && (cost & (cost - 1)) === 0;
  if (!powerOfTwo || cost > MAX_VERIFY_COST) return undefined;
  if (blockSize < 1 || blockSize > MAX_VERIFY_BLOCK_SIZE) return undefined;
  if (parallelization < 1 || parallelization > MAX_VERIFY_PARALLELIZATION) return undefined;
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { cost, blockSize, parallelization, salt, hash };
}

/** scrypt on the libuv thread pool (never blocks the event loop). */
function derive(
  secret: string,
  salt: Buffer,
  keyBytes: number,
  params: { readonly cost: number; readonly blockSize: number; readonly parallelization: number },
): Promise<Buffer> {
  const memory = 128 * params.cost * params.blockSize * params.parallelization;
  return new Promise((resolve, reject) => {
    scrypt(
      secret.normalize('NFC'),
      salt,
      keyBytes,
      { N: params.cost, r: params.blockSize, p: params.parallelization, maxmem: 2 * memory + 1024 * 1024 },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    );
  });
}

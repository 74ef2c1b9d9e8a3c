/**
 * The management API's secret (`remote-management.secret-key`, seed 002 "Management API"): written
 * plain by the operator, stored hashed by the gateway after its first start (issue 6), as
 * CLIProxyAPI stores a bcrypt hash. Switchboard writes scrypt (node:crypto) and verifies both, so
 * a config carried over from CLIProxyAPI keeps its secret (bcrypt through `bcryptjs`: pure
 * JavaScript, no native build, the most used bcrypt package for Node).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

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
 * Whether `text` is a bcrypt hash (`$2a$`, `$2b$`, `$2y$`: what CLIProxyAPI stores). Such a hash is
 * verified as it is (the plain secret is not known, so it is not rewritten as scrypt).
 */
export function isBcryptHash(text: string): boolean {
  return /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(text);
}

/** How long a key that matched a hashed secret is accepted without hashing it again, ms. */
export const VERIFIED_TTL_MS = 5 * 60_000;
/** Keys remembered at most (the oldest forgotten first). */
const VERIFIED_MAX = 32;
/** `stored` + NUL + base64 SHA-256 of a key that matched it → until when, ms since epoch. */
const VERIFIED = new Map<string, number>();

/**
 * Checks a presented management key against the stored secret, in constant time for a given
 * stored value: a hashed secret is re-derived with its own salt and parameters and the digests
 * compared with `timingSafeEqual`; a plain secret (first start, before the hash is written) is
 * compared through SHA-256 digests so that neither length nor content leaks through timing. A
 * bcrypt hash (CLIProxyAPI's) is checked by `bcryptjs` (its own constant-time comparison; ~70 ms
 * of the event loop at cost 10, so the management API answers slower, never the proxy for long).
 * A key that matched a hash is remembered for {@link VERIFIED_TTL_MS} (by its SHA-256 digest, with
 * the stored hash): a dashboard's calls do not each pay the hash again. A wrong key never is.
 * @param candidate the key the client sent
 * @param stored `remote-management.secret-key` as loaded (plain, `$scrypt$…` or `$2a$…`)
 * @returns true when the key is the secret; false for an empty candidate or stored value
 */
export async function verifyManagementSecret(candidate: string, stored: string): Promise<boolean> {
  if (candidate === '' || stored === '') return false;
  const parsed = parseHash(stored);
  const bcryptHash = parsed === undefined && isBcryptHash(stored);
  if (parsed === undefined && !bcryptHash) return timingSafeEqual(sha256(candidate), sha256(stored));
  const remembered = `${stored}\u0000${sha256(candidate).toString('base64')}`;
  const until = VERIFIED.get(remembered);
  if (until !== undefined && until > Date.now()) return true;
  let matches: boolean;
  if (parsed !== undefined) {
    const derived = await derive(candidate, parsed.salt, parsed.hash.length, parsed);
    matches = derived.length === parsed.hash.length && timingSafeEqual(derived, parsed.hash);
  } else {
    // A hash bcryptjs refuses (a cost outside 4–31) matches nothing: a 401, not a failed request.
    matches = await bcrypt.compare(candidate, stored).catch(() => false);
  }
  if (matches) {
    VERIFIED.delete(remembered);
    VERIFIED.set(remembered, Date.now() + VERIFIED_TTL_MS);
    if (VERIFIED.size > VERIFIED_MAX) VERIFIED.delete(VERIFIED.keys().next().value as string);
  }
  return matches;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
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

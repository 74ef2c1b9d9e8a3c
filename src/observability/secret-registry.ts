import type { SwitchboardConfig } from '../config/switchboard-config.js';

/** Shortest string treated as a secret, characters: shorter ones would redact common words. */
export const MIN_SECRET_LENGTH = 8;

/** What a secret is replaced with, in log lines and anywhere else {@link SecretRegistry.scrub} runs. */
export const REDACTED = '[redacted]';

/** Configured header names whose values are credentials (`headers:` of an upstream entry). */
const SECRET_HEADER_NAME = /auth|key|token|secret|cookie|session|password/i;

/**
 * The set of secret strings the gateway knows (upstream API keys, proxy passwords, inbound keys,
 * the management secret) and one precompiled RegExp that finds any of them. The logger runs every
 * serialised line through {@link scrub}, so no call site can leak a configured secret. Each secret
 * is also matched in the forms it takes inside JSON strings (escaped once and twice) and URLs
 * (percent-encoded). Strings shorter than {@link MIN_SECRET_LENGTH} are ignored.
 */
export class SecretRegistry {
  #raw: readonly string[] = [];
  #secrets: readonly string[] = [];
  #pattern: RegExp | undefined;

  /** @param secrets initial secrets (see {@link replace}) */
  constructor(secrets: Iterable<string> = []) {
    this.replace(secrets);
  }

  /**
   * Replaces the whole set (a config reload: keys removed from the config stop being matched).
   * Rebuilds the RegExp once; longer secrets are tried first, so a secret containing another is
   * redacted whole.
   */
  replace(secrets: Iterable<string>): void {
    const set = new Set<string>();
    const raw = new Set<string>();
    for (const secret of secrets) {
      if (secret.length >= MIN_SECRET_LENGTH) raw.add(secret);
      for (const form of formsOf(secret)) if (form.length >= MIN_SECRET_LENGTH) set.add(form);
    }
    this.#raw = [...raw];
    this.#secrets = [...set].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.#pattern =
      this.#secrets.length === 0 ? undefined : new RegExp(this.#secrets.map(escapeRegExp).join('|'), 'g');
  }

  /** Replaces the set with every secret of `config` ({@link collectConfigSecrets}). */
  replaceFrom(config: SwitchboardConfig): void {
    this.replace(collectConfigSecrets(config));
  }

  /**
   * Adds secrets to the set, keeping the current ones (a reload while requests of the old config
   * are still in flight; a key removed from the config may still be valid at its provider).
   */
  add(secrets: Iterable<string>): void {
    this.replace([...this.#raw, ...secrets]);
  }

  /** Adds every secret of `config` ({@link collectConfigSecrets}), keeping the current ones. */
  addFrom(config: SwitchboardConfig): void {
    this.add(collectConfigSecrets(config));
  }

  /** `text` with every occurrence of a known secret replaced by {@link REDACTED}; `text` itself when none. */
  scrub(text: string): string {
    const pattern = this.#pattern;
    if (pattern === undefined) return text;
    pattern.lastIndex = 0;
    return text.replace(pattern, REDACTED);
  }

  /** The first known secret found in `text` (for leak checks; never print it), or undefined. */
  find(text: string): string | undefined {
    const pattern = this.#pattern;
    if (pattern === undefined) return undefined;
    pattern.lastIndex = 0;
    const match = pattern.exec(text);
    pattern.lastIndex = 0;
    return match?.[0];
  }

  /** How many distinct strings (secrets and their encoded forms) are matched. */
  get size(): number {
    return this.#secrets.length;
  }
}

/**
 * Every secret of a compiled config, raw (each may be shorter than {@link MIN_SECRET_LENGTH}; the
 * registry drops those): upstream API keys (`apiKey` and every credential's), proxy URL passwords
 * (global, per upstream, per credential; as written and percent-decoded), credential-like values
 * of configured upstream `headers` (and the token after a `Bearer `/`Basic ` scheme), inbound
 * `api-keys`, and the management `secret-key` (plain or its stored hash).
 */
export function collectConfigSecrets(config: SwitchboardConfig): string[] {
  const secrets: string[] = [...config.apiKeys];
  const proxies: (string | undefined)[] = [config.proxyUrl];
  for (const upstream of config.upstreams) {
    secrets.push(upstream.apiKey);
    proxies.push(upstream.proxyUrl);
    for (const credential of upstream.credentials) {
      secrets.push(credential.apiKey);
      proxies.push(credential.proxyUrl);
    }
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (!SECRET_HEADER_NAME.test(name)) continue;
      secrets.push(value);
      const scheme = /^\s*[A-Za-z]+\s+(\S+)\s*$/.exec(value);
      if (scheme?.[1] !== undefined) secrets.push(scheme[1]);
    }
  }
  for (const proxy of proxies) secrets.push(...proxySecretsOf(proxy));
  const management = config.remoteManagement.secretKey;
  if (management !== undefined) secrets.push(management);
  return secrets.filter((secret) => secret !== '');
}

/** The password of a proxy URL (as written and decoded) and its Basic credentials, if any. */
function proxySecretsOf(proxyUrl: string | undefined): string[] {
  if (proxyUrl === undefined || proxyUrl === '') return [];
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    return [];
  }
  if (url.password === '') return [];
  const password = safeDecode(url.password);
  const user = safeDecode(url.username);
  return [url.password, password, Buffer.from(`${user}:${password}`).toString('base64')];
}

/** A secret and the forms it takes inside JSON strings (escaped once, twice) and URLs. */
function formsOf(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [secret, once, twice, encodeURIComponent(secret)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

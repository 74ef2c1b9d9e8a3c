import type { CredentialInput, UpstreamCredential } from '../routing/credential.js';
import { createCredential } from '../routing/credential.js';
import { nonEmpty } from './compile-upstream-fields.js';
import type { RawApiKeyEntry } from './schema.js';

/** The credential keys of one item of an upstream section (every section has some of them). */
export interface RawCredentialSource {
  readonly 'api-key'?: string | null | undefined;
  readonly 'proxy-url'?: string | null | undefined;
  readonly weight?: number | null | undefined;
  readonly priority?: number | null | undefined;
  readonly 'api-key-entries'?: readonly RawApiKeyEntry[] | null | undefined;
  /** `openai-compatibility` only: CLIProxyAPI's older plain list of keys. */
  readonly 'api-keys'?: readonly string[] | null | undefined;
}

/**
 * The keys one item contributes to its upstream's pool, in order: `api-key`, then each
 * `api-key-entries` item, then each key of `api-keys`; blank keys are skipped. Each key's proxy is
 * its own `proxy-url`, else the item's, else `globalProxyUrl` ("" counts as unset); its `weight`
 * and `priority` are its own, else the item's (else the defaults 1 and 0); a `prefix` comes only
 * from its `api-key-entries` item (the item's `prefix` names the upstream, not a key).
 * @param globalProxyUrl the file's `proxy-url`, or the provider's `*_PROXY` variable
 */
export function credentialInputsOf(
  item: RawCredentialSource,
  globalProxyUrl: string | undefined,
): CredentialInput[] {
  const itemProxyUrl = nonEmpty(item['proxy-url']) ?? globalProxyUrl;
  const shared = { weight: item.weight ?? undefined, priority: item.priority ?? undefined };
  const inputs: CredentialInput[] = [];
  const add = (key: string | null | undefined, fields: Omit<CredentialInput, 'apiKey'>): void => {
    const apiKey = nonEmpty(key);
    if (apiKey !== undefined) inputs.push({ apiKey, ...fields });
  };
  add(item['api-key'], { ...shared, proxyUrl: itemProxyUrl });
  for (const entry of item['api-key-entries'] ?? []) {
    add(entry['api-key'], {
      proxyUrl: nonEmpty(entry['proxy-url']) ?? itemProxyUrl,
      weight: entry.weight ?? shared.weight,
      priority: entry.priority ?? shared.priority,
      prefix: nonEmpty(entry.prefix),
    });
  }
  for (const key of item['api-keys'] ?? []) add(key, { ...shared, proxyUrl: itemProxyUrl });
  return inputs;
}

/**
 * An upstream's credential pool from its inputs in config order: ids from
 * `credentialIdOf(upstreamId, key, proxyUrl)`, defaults from `createCredential`; a key already in
 * the pool counts once (its first occurrence, with that occurrence's proxy and settings, wins).
 * @param upstreamId the settled id of the upstream (part of every credential id)
 */
export function buildCredentials(
  upstreamId: string,
  inputs: readonly CredentialInput[],
): UpstreamCredential[] {
  const credentials: UpstreamCredential[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (seen.has(input.apiKey)) continue;
    seen.add(input.apiKey);
    credentials.push(createCredential(upstreamId, input));
  }
  return credentials;
}

/** The credential fields of an upstream (see `UpstreamConfig`). */
export interface CompiledPool {
  readonly credentials: UpstreamCredential[];
  /** The first credential's key, or "" without one. */
  readonly apiKey: string;
  /** The first credential's proxy; without a credential, the first item's `proxy-url`, else the global one. */
  readonly proxyUrl: string | undefined;
}

/**
 * The pool of an upstream made of `items` (one item, or the items of a section merged into one
 * upstream), in item order (see {@link credentialInputsOf} and {@link buildCredentials}).
 * @param upstreamId the settled upstream id
 * @param globalProxyUrl the file's `proxy-url`
 */
export function compilePool(
  upstreamId: string,
  items: readonly RawCredentialSource[],
  globalProxyUrl: string | undefined,
): CompiledPool {
  const credentials = buildCredentials(
    upstreamId,
    items.flatMap((item) => credentialInputsOf(item, globalProxyUrl)),
  );
  const first = credentials[0];
  return {
    credentials,
    apiKey: first?.apiKey ?? '',
    proxyUrl: first === undefined ? (nonEmpty(items[0]?.['proxy-url']) ?? globalProxyUrl) : first.proxyUrl,
  };
}

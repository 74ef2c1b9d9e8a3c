import { z } from 'zod';

/**
 * Schemas of the operator's sections of `config.yaml` (seed 002, CLIProxyAPI's keys): `tls`,
 * `remote-management`, `payload`. Compiled by `compile-operations.ts`.
 */

/** `tls`: serve HTTPS with a certificate and key file (PEM paths, relative to the config file). */
export const tlsSchema = z.strictObject({
  enable: z.boolean().nullish(),
  cert: z.string().nullish(),
  key: z.string().nullish(),
});

/**
 * `remote-management`: the management API's secret (`secret-key`; stored hashed after first
 * start; empty = management API disabled) and whether non-loopback callers may use it.
 */
export const remoteManagementSchema = z.strictObject({
  'allow-remote': z.boolean().nullish(),
  'secret-key': z.string().nullish(),
  'disable-control-panel': z.boolean().nullish(),
});

/**
 * Protocol names a payload rule may name: CLIProxyAPI's (`claude`, `openai`, `codex`, `gemini`)
 * and Switchboard's wire formats.
 */
export const PAYLOAD_PROTOCOLS = [
  'claude',
  'anthropic',
  'openai',
  'openai-chat',
  'codex',
  'openai-responses',
  'gemini',
] as const;

/** One model matcher of a payload rule: a glob on the upstream model id, optionally one protocol. */
export const payloadModelSchema = z.strictObject({
  name: z.string().min(1, { error: 'expected a model name or glob' }),
  protocol: z.enum(PAYLOAD_PROTOCOLS).nullish(),
});

/** One payload rule: which models, and JSON paths (dot-separated) → values. */
export const payloadRuleSchema = z.strictObject({
  models: z.array(payloadModelSchema).min(1, { error: 'expected at least one model' }),
  params: z.record(z.string().min(1), z.unknown()),
});

/**
 * `payload`: request fields set before the upstream call. `default` sets a path only when absent,
 * `override` always; the `-raw` variants take JSON text as the value.
 */
export const payloadSchema = z.strictObject({
  default: z.array(payloadRuleSchema).nullish(),
  'default-raw': z.array(payloadRuleSchema).nullish(),
  override: z.array(payloadRuleSchema).nullish(),
  'override-raw': z.array(payloadRuleSchema).nullish(),
});

/** A validated `payload` section. */
export type RawPayload = z.output<typeof payloadSchema>;
/** A validated `tls` section. */
export type RawTls = z.output<typeof tlsSchema>;
/** A validated `remote-management` section. */
export type RawRemoteManagement = z.output<typeof remoteManagementSchema>;

// One fault scenario's setup: a fresh gateway (fresh credential health) in front of a row's fake upstream,
// the row's SDK client bound to it, and a usage watch started before the scenario's first request.
import { createFaultClient, type FaultClient, type FaultRow } from './fault-clients.js';
import {
  credentialIdOfKey,
  FAULT_MODEL,
  faultGatewayYaml,
  type FaultConfigOptions,
  type FaultUpstream,
} from './fault-upstreams.js';
import { UsageWatch, type ExpectedUsage } from './fault-usage.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

/** A running scenario: gateway, client, usage watch, and the pool keys in config order. */
export interface FaultBench {
  readonly gateway: TestGateway;
  readonly client: FaultClient;
  readonly upstream: FaultUpstream;
  readonly keys: readonly string[];
  /** Counts usage records from the bench's start. */
  readonly usage: UsageWatch;
  /**
   * Asserts the usage records the scenario's requests added: exactly one per entry, in order, of the
   * client's inbound format, for {@link FAULT_MODEL}.
   */
  expectUsage(expected: readonly ExpectedUsage[]): ReturnType<UsageWatch['expect']>;
  /** The hashed credential id of `keys[index]`, as usage records and 503 bodies name it. */
  credentialId(index: number): string;
  close(): Promise<void>;
}

/**
 * Clears `upstream` (requests and queue), starts a gateway whose pool holds `options.keys` in front of it,
 * and binds the row's SDK client (maxRetries: 0) to it.
 */
export async function startFaultBench(
  row: FaultRow,
  upstream: FaultUpstream,
  options: FaultConfigOptions,
): Promise<FaultBench> {
  upstream.reset();
  const gateway = await startTestGateway({ yaml: faultGatewayYaml(upstream, options) });
  const client = createFaultClient(row.client, gateway.url);
  const usage = new UsageWatch(gateway);
  return {
    gateway,
    client,
    upstream,
    keys: options.keys,
    usage,
    expectUsage: (expected) => usage.expect(client.inbound, FAULT_MODEL, expected),
    credentialId: (index) => credentialIdOfKey(options.keys[index] ?? ''),
    close: () => gateway.close(),
  };
}

import { Agent, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici';

/**
 * Connection pools for upstream calls (undici). One keep-alive `Agent` serves every direct
 * origin (it keeps a pool per origin); each distinct proxy URL gets its own proxy agent, created
 * once and reused. Proxy URLs may carry credentials: they are never logged.
 */

/** Connection and streaming timeouts of upstream calls, ms. */
export const UPSTREAM_TIMEOUTS = {
  connectMs: 10_000,
  /** Time to the response headers; non-streaming answers of 64k tokens can take minutes. */
  headersMs: 600_000,
  /** Longest silence between two body chunks (thinking models pause long). */
  bodyMs: 300_000,
  keepAliveMs: 60_000,
} as const;

const agentOptions = {
  connect: { timeout: UPSTREAM_TIMEOUTS.connectMs },
  headersTimeout: UPSTREAM_TIMEOUTS.headersMs,
  bodyTimeout: UPSTREAM_TIMEOUTS.bodyMs,
  keepAliveTimeout: UPSTREAM_TIMEOUTS.keepAliveMs,
};

let directAgent: Agent | undefined;
const proxyAgents = new Map<string, Dispatcher>();

/**
 * The dispatcher for an upstream call.
 * @param proxyUrl `http(s)://` or `socks5://` proxy URL, or undefined for a direct connection
 * @throws TypeError when the proxy URL is not a valid URL of a supported scheme
 */
export function getDispatcher(proxyUrl?: string): Dispatcher {
  if (proxyUrl === undefined || proxyUrl === '') {
    directAgent ??= new Agent(agentOptions);
    return directAgent;
  }
  let agent = proxyAgents.get(proxyUrl);
  if (!agent) {
    const scheme = new URL(proxyUrl).protocol;
    if (scheme === 'socks5:' || scheme === 'socks5h:') {
      const { connect: _connect, ...poolOptions } = agentOptions;
      agent = new Socks5ProxyAgent(proxyUrl, poolOptions);
    } else if (scheme === 'http:' || scheme === 'https:') {
      agent = new ProxyAgent({ uri: proxyUrl, ...agentOptions });
    } else {
      throw new TypeError(`Unsupported proxy scheme '${scheme}': use http, https or socks5.`);
    }
    proxyAgents.set(proxyUrl, agent);
  }
  return agent;
}

/**
 * Closes every pool (graceful shutdown); in-flight requests finish first.
 */
export async function closeDispatchers(): Promise<void> {
  const agents: Dispatcher[] = [...proxyAgents.values()];
  if (directAgent) agents.push(directAgent);
  directAgent = undefined;
  proxyAgents.clear();
  await Promise.allSettled(agents.map((agent) => agent.close()));
}

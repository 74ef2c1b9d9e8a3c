import { defineProvider } from './define-provider.js';

/**
 * CLIProxyAPI: wraps Claude Pro/Max OAuth credentials behind an Anthropic Messages API; uses
 * x-api-key auth, not Bearer (seed 004). Not probed: its default port is also Switchboard's.
 * Source: https://github.com/router-for-me/CLIProxyAPI
 */
export const cliProxyApiProvider = defineProvider({
  id: 'cliproxyapi',
  displayName: 'CLIProxyAPI',
  format: 'anthropic',
  defaultBaseUrl: 'http://localhost:8317/v1',
  authStyle: 'x-api-key',
  baseUrlEnv: 'CLIPROXYAPI_BASE_URL',
  proxyEnv: 'CLIPROXYAPI_PROXY',
  countTokens: true,
  docs: 'https://github.com/router-for-me/CLIProxyAPI',
  quirks: ['uses x-api-key auth, not Bearer'],
});

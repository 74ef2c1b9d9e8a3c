import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import selfsigned from 'selfsigned';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeAnthropicUpstream,
  type FakeAnthropicUpstream,
} from '../upstream/fake-anthropic-upstream.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

// `tls.enable` serves HTTPS (issue 6, "TLS and binding"): a real client trusting only the
// generated certificate talks to the gateway over TLS; a plain-HTTP request gets no answer.

let upstream: FakeAnthropicUpstream;
let gateway: TestGateway;
let certDir: string;
let certificate: string;

beforeAll(async () => {
  upstream = await startFakeAnthropicUpstream();
  certDir = await mkdtemp(path.join(tmpdir(), 'switchboard-tls-'));
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  certificate = pems.cert;
  await writeFile(path.join(certDir, 'cert.pem'), pems.cert);
  await writeFile(path.join(certDir, 'key.pem'), pems.private, { mode: 0o600 });
  gateway = await startTestGateway({
    yaml: `
tls:
  enable: true
  cert: "${path.join(certDir, 'cert.pem')}"
  key: "${path.join(certDir, 'key.pem')}"
claude-api-key:
  - name: tls-upstream
    base-url: "${upstream.url}"
`,
  });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
  await rm(certDir, { recursive: true, force: true });
});

describe('tls', () => {
  it('serves the Messages API over HTTPS to a client trusting the certificate', async () => {
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const dispatcher = new Agent({ connect: { ca: certificate } });
    const client = new Anthropic({
      baseURL: gateway.url,
      apiKey: 'any',
      maxRetries: 0,
      fetch: ((url: string, init?: RequestInit) =>
        undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch,
    });
    const message = await client.messages.create({
      model: 'claude-x',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'over tls' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(upstream.requests).toHaveLength(1);
    await dispatcher.close();
  });

  it('refuses a client that does not trust the certificate', async () => {
    await expect(undiciFetch(`${gateway.url}/healthz`)).rejects.toThrow();
  });

  it('does not answer plain HTTP on the TLS port', async () => {
    const plain = gateway.url.replace('https://', 'http://');
    const outcome = await undiciFetch(`${plain}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.status,
      () => 'refused',
    );
    expect(outcome).not.toBe(200);
  });
});

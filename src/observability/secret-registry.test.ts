import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../test/support/config-factories.js';
import { createCredential } from '../routing/credential.js';
import { collectConfigSecrets, MIN_SECRET_LENGTH, REDACTED, SecretRegistry } from './secret-registry.js';

describe('SecretRegistry', () => {
  it('replaces every occurrence of every secret, longest first', () => {
    const registry = new SecretRegistry(['sk-abcdef123', 'sk-abcdef123-longer']);
    expect(registry.scrub('a sk-abcdef123 b sk-abcdef123-longer c sk-abcdef123')).toBe(
      `a ${REDACTED} b ${REDACTED} c ${REDACTED}`,
    );
  });

  it('escapes RegExp characters in secrets', () => {
    const secret = 'p.a*s+s?(w)[o]{r}d|^$\\/-x';
    const registry = new SecretRegistry([secret]);
    expect(registry.scrub(`x ${secret} y`)).toBe(`x ${REDACTED} y`);
    expect(registry.scrub('x pXaaas y')).toBe('x pXaaas y');
    // Inside a JSON line the backslash is escaped: that form is redacted too.
    expect(registry.scrub(JSON.stringify({ message: `key ${secret}` }))).toBe(
      JSON.stringify({ message: `key ${REDACTED}` }),
    );
  });

  it(`ignores strings shorter than ${MIN_SECRET_LENGTH} characters`, () => {
    const registry = new SecretRegistry(['short', 'x', '']);
    expect(registry.size).toBe(0);
    expect(registry.scrub('short text')).toBe('short text');
  });

  it('matches percent-encoded forms (query strings)', () => {
    const registry = new SecretRegistry(['key with/slash']);
    expect(registry.scrub('GET /v1beta/models?key=key%20with%2Fslash')).toBe(
      `GET /v1beta/models?key=${REDACTED}`,
    );
  });

  it('forgets removed secrets on replace (config reload)', () => {
    const registry = new SecretRegistry(['old-secret-1']);
    registry.replace(['new-secret-2']);
    expect(registry.scrub('old-secret-1 new-secret-2')).toBe(`old-secret-1 ${REDACTED}`);
    expect(registry.find('x new-secret-2 y')).toBe('new-secret-2');
    expect(registry.find('nothing here')).toBeUndefined();
    registry.replace([]);
    expect(registry.scrub('new-secret-2')).toBe('new-secret-2');
  });

  it('adds secrets while keeping the current ones (addFrom on reload)', () => {
    const registry = new SecretRegistry(['first-secret-1']);
    registry.add(['second-secret-2']);
    registry.add(['first-secret-1']);
    expect(registry.scrub('first-secret-1 second-secret-2')).toBe(`${REDACTED} ${REDACTED}`);
    registry.addFrom(makeConfig([], {}, { apiKeys: ['third-secret-3'] }));
    expect(registry.scrub('first-secret-1 third-secret-3')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('is repeatable (no RegExp lastIndex left behind)', () => {
    const registry = new SecretRegistry(['repeatable-key']);
    for (let index = 0; index < 3; index += 1) {
      expect(registry.find('repeatable-key')).toBe('repeatable-key');
      expect(registry.scrub('repeatable-key')).toBe(REDACTED);
    }
  });
});

describe('collectConfigSecrets', () => {
  it('collects keys, proxy passwords, secret headers, inbound keys and the management secret', () => {
    const upstream = makeUpstream('pool', {
      apiKey: 'sk-first-key-0001',
      credentials: [
        createCredential('pool', { apiKey: 'sk-first-key-0001' }),
        createCredential('pool', {
          apiKey: 'sk-second-key-0002',
          proxyUrl: 'http://user:pr%40xy-pass@127.0.0.1:1',
        }),
      ],
      headers: { 'X-Team': 'cli-team-visible', Authorization: 'Bearer header-token-0003' },
    });
    const config = makeConfig(
      [upstream],
      {},
      {
        apiKeys: ['inbound-key-0004'],
        proxyUrl: 'socks5://admin:global-proxy-pw@127.0.0.1:1080',
        remoteManagement: { allowRemote: false, disableControlPanel: false, secretKey: 'management-0005' },
      },
    );
    const secrets = collectConfigSecrets(config);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'sk-first-key-0001',
        'sk-second-key-0002',
        'pr%40xy-pass',
        'pr@xy-pass',
        'Bearer header-token-0003',
        'header-token-0003',
        'inbound-key-0004',
        'global-proxy-pw',
        'management-0005',
      ]),
    );
    expect(secrets).not.toContain('cli-team-visible');
    const registry = new SecretRegistry();
    registry.replaceFrom(config);
    const line = `proxy http://user:pr%40xy-pass@127.0.0.1:1 failed for sk-second-key-0002 (basic ${Buffer.from('user:pr@xy-pass').toString('base64')})`;
    expect(registry.scrub(line)).toBe(
      `proxy http://user:${REDACTED}@127.0.0.1:1 failed for ${REDACTED} (basic ${REDACTED})`,
    );
  });
});

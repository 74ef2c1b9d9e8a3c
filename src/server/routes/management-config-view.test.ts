import { describe, expect, it } from 'vitest';
import { makeConfig, makeUpstream } from '../../../test/support/config-factories.js';
import { describeConfig, maskSecret, maskUrlCredentials } from './management-config-view.js';

describe('maskSecret', () => {
  it.each([
    ['', ''],
    ['short', '****'],
    ['elevenchars', '****'],
    ['sk-abcdefwxyz', 'sk-a…wxyz'],
  ])('%j → %j', (value, expected) => {
    expect(maskSecret(value)).toBe(expected);
  });
});

describe('maskUrlCredentials', () => {
  it('hides the user-info of a URL only', () => {
    expect(maskUrlCredentials('socks5://me:pw@proxy:1080')).toBe('socks5://****@proxy:1080');
    expect(maskUrlCredentials('https://api.example/v1')).toBe('https://api.example/v1');
  });
});

describe('describeConfig', () => {
  it('turns maps into objects and masks secrets by field', () => {
    const config = makeConfig(
      [makeUpstream('up', { apiKey: 'sk-upstream-secret-1', headers: { authorization: 'Bearer abc' } })],
      {},
      {
        apiKeys: ['tiny', 'a-long-inbound-key'],
        fallbacks: new Map([['m', ['up/x']]]),
        proxyUrl: 'http://u:p@proxy:8080',
        remoteManagement: { allowRemote: true, disableControlPanel: false, secretKey: '$scrypt$…' },
      },
    );
    expect(describeConfig(config)).toMatchObject({
      apiKeys: ['****', 'a-lo…-key'],
      fallbacks: { m: ['up/x'] },
      proxyUrl: 'http://****@proxy:8080',
      remoteManagement: { allowRemote: true, secretKey: '****' },
      upstreams: [
        { apiKey: 'sk-u…et-1', headers: { authorization: '****' }, credentials: [{ apiKey: 'sk-u…et-1' }] },
      ],
    });
  });
});

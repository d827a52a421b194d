import { describe, expect, it } from 'vitest';
import { formatListenAddress, parseListenAddress } from './listen-address.js';

describe('parseListenAddress', () => {
  it('reads the forms of CometBFT proxy_app', () => {
    expect(parseListenAddress('tcp://127.0.0.1:26658')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 26658 });
    expect(parseListenAddress('127.0.0.1:0')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    expect(parseListenAddress('tcp://[::1]:26658')).toEqual({ kind: 'tcp', host: '::1', port: 26658 });
    expect(parseListenAddress('tcp://:26658')).toEqual({ kind: 'tcp', host: '', port: 26658 });
    expect(parseListenAddress('unix:///tmp/app.sock')).toEqual({ kind: 'unix', path: '/tmp/app.sock' });
    expect(parseListenAddress('unix://app.sock')).toEqual({ kind: 'unix', path: 'app.sock' });
  });

  it('writes them back', () => {
    for (const a of ['tcp://127.0.0.1:26658', 'tcp://[::1]:1', 'unix:///tmp/app.sock']) expect(formatListenAddress(parseListenAddress(a))).toBe(a);
  });

  it('refuses an address it cannot listen on with NODE_BAD_CONFIG', () => {
    for (const a of ['grpc://127.0.0.1:26658', 'tcp://127.0.0.1', 'tcp://127.0.0.1:65536', 'tcp://127.0.0.1:-1', 'tcp://127.0.0.1:2x', 'unix://']) {
      expect(() => parseListenAddress(a), a).toThrow(expect.objectContaining({ code: 'NODE_BAD_CONFIG' }));
    }
  });
});

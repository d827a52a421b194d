// The address the ABCI server listens on, written as CometBFT writes its `proxy_app` setting:
// `tcp://host:port` or `unix://path` (`unix:///tmp/app.sock` is the absolute path /tmp/app.sock).
// As in CometBFT, an address without a scheme is TCP. The node's configuration and CometBFT's
// config.toml can then hold the same string.
import { CreditChainError } from '@creditchain/core';

export type ListenAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

export function parseListenAddress(address: string): ListenAddress {
  const bad = (why: string): never => {
    throw new CreditChainError('NODE_BAD_CONFIG', `The ABCI listen address "${address}" ${why}; write tcp://host:port or unix://path.`, { address });
  };
  const scheme = /^([a-z]+):\/\//.exec(address);
  const kind = scheme === null ? 'tcp' : scheme[1];
  const rest = scheme === null ? address : address.slice(scheme[0].length);
  if (kind === 'unix') return rest === '' ? bad('has no socket path') : { kind: 'unix', path: rest };
  if (kind !== 'tcp') return bad(`has the scheme "${kind}", not tcp or unix`);
  const colon = rest.lastIndexOf(':');
  if (colon < 0) return bad('has no port');
  const portText = rest.slice(colon + 1);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) return bad(`has the port "${portText}", not a number from 0 to 65535`);
  // An IPv6 host is bracketed ([::1]:26658); the brackets are not part of the host.
  const host = rest.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { kind: 'tcp', host, port };
}

export function formatListenAddress(address: ListenAddress): string {
  if (address.kind === 'unix') return `unix://${address.path}`;
  return `tcp://${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}

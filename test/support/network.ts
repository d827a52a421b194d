// A CreditChain network of 4 validators for a test file: made in a temporary folder on free
// loopback ports, started before the file's tests and stopped (and removed) after them.
//
//   const net = testNetwork('cc-net-');
//   … net.nodes[0].api, net.key('demo-bank'), net.validators(), net.dir, net.bin
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { cometbftBinary, initNetwork, readNetwork, startNetwork, stopNetwork, type NetworkNode } from '@creditchain/node';
import { CreditChainClient, keyPairFromJson, parseValidatorKeys, type KeyPair, type TxSigner, type ValidatorKey } from '@creditchain/sdk';
import { freeBasePort } from './ports.js';

export interface TestNetwork {
  /** The temporary folder; the network is its `net` subfolder. */
  readonly scratch: string;
  readonly dir: string;
  /** The CometBFT binary (scripts/install-cometbft.mjs builds it; npm test runs that first). */
  readonly bin: string;
  readonly nodes: readonly NetworkNode[];
  /** A demo account's key pair, from the network's keys/ folder. */
  key(name: string): KeyPair;
  /** The validator set, as validators.json holds it. */
  validators(): ValidatorKey[];
  /**
   * A signer of `account`'s next transaction, to send through node `i`: the nonce is asked of the
   * node the first time and counted here after, so transactions sent in a row need no waiting.
   */
  signer(i: number, account: string): Promise<TxSigner>;
}

export function testNetwork(prefix: string, opts: { snapshotInterval?: number } = {}): TestNetwork {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(scratch, 'net');
  let bin = '';
  let nodes: NetworkNode[] = [];
  beforeAll(async () => {
    bin = await cometbftBinary({ quiet: true });
    initNetwork({ dir, bin, basePort: await freeBasePort(4), ...opts });
    nodes = readNetwork(dir);
    await startNetwork(dir, { cometbft: bin, timeoutMs: 60_000 });
  }, 900_000);
  afterAll(async () => {
    await stopNetwork(dir, { graceMs: 3000 }).catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);
  const nonces = new Map<string, number>();
  const key = (name: string) => keyPairFromJson(JSON.parse(readFileSync(join(dir, 'keys', `${name}.json`), 'utf8')));
  return {
    scratch,
    dir,
    get bin() {
      return bin;
    },
    get nodes() {
      return nodes;
    },
    key,
    validators: () => parseValidatorKeys(JSON.parse(readFileSync(join(dir, 'validators.json'), 'utf8'))),
    signer: async (i, account) => {
      const c = new CreditChainClient(nodes[i]!.api);
      const nonce = nonces.get(account) ?? (await c.account(account)).nonce;
      nonces.set(account, nonce + 1);
      const { height } = await c.status();
      return { suite: 'intl', chainId: 'creditchain-network', sender: account, nonce, expires: height + 500, seed: key(account).seed };
    },
  };
}

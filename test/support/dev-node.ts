// A dev node for tests that drive a real node: a fresh data directory with the demo consortium
// (`initDevDataDir`), its account keys by name, the demo person's and enterprise's subject refs,
// and clients and signers for its accounts. Several node tests each built this by hand; this is
// that setup, once.
//
//   const node = devNode({ prefix: 'cc-events-', overrides: { blockIntervalMs: 20 } });
//   const { person, as, signer, send } = node;
//   beforeAll(() => node.start());
//   afterAll(() => node.stop());
//
// The data directory, keys and subject refs exist as soon as `devNode` returns (so they can be
// taken apart at the top of a file, and a test that opens the chain itself needs no service);
// `service` exists from `start()` until `stop()`, which also removes the directory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, parseSubjectId, subjectRef, toHex, type DecodedTx } from '@creditchain/core';
import { initDevDataDir, NodeService, paths, type NodeConfig } from '@creditchain/node';
import { CreditChainClient, type CommittedSidecar, type KeyPair, type TxReply, type TxSigner } from '@creditchain/sdk';

/** The subjects of the demo consortium (DEMO_ACCOUNTS), as `creditchain dev` registers them. */
export const DEMO_PERSON_ID = '11010519491231002X';
export const DEMO_ENTERPRISE_ID = '91350100M000100Y43';

export interface DevNodeOptions {
  /** Prefix of the temporary directory's name, e.g. 'cc-events-'. */
  readonly prefix?: string;
  /** Puts the node's data directory at this path inside the temporary directory, leaving room beside it. */
  readonly subdir?: string;
  /** Config over the data directory's own; `port: 0` (any free port) unless given. */
  readonly overrides?: Partial<NodeConfig>;
}

export interface DevNode {
  /** The temporary directory; `stop()` removes it. */
  readonly dir: string;
  /** The node's data directory: `dir`, or `dir/subdir`. */
  readonly dataDir: string;
  /** Each demo account's key pair by account name. */
  readonly keys: ReadonlyMap<string, KeyPair>;
  /** The demo person's and enterprise's subject refs, as bytes and as hex. */
  readonly person: Uint8Array;
  readonly enterprise: Uint8Array;
  readonly personRef: string;
  readonly enterpriseRef: string;
  /** The running node; throws outside start()…stop(). */
  readonly service: NodeService;
  /** Starts the node on the data directory. */
  start(): Promise<NodeService>;
  /** Stops the node if it runs, and removes the temporary directory. */
  stop(): Promise<void>;
  /** A client of the node, signing its reads as `account` (anonymous without one). */
  as(account?: string): CreditChainClient;
  /** A signer for `account`'s next transaction: its nonce from the node, expiring 100 blocks on. */
  signer(account: string): Promise<TxSigner>;
  /** Submits a built transaction (with its sidecars, if any) and waits for its block; an action refused there throws its code. */
  send(t: DecodedTx | { tx: DecodedTx; sidecars: readonly CommittedSidecar[] }): Promise<TxReply>;
}

export function devNode(opts: DevNodeOptions = {}): DevNode {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'cc-dev-node-'));
  const dataDir = opts.subdir === undefined ? dir : join(dir, opts.subdir);
  const keys = new Map(initDevDataDir(dataDir).map((k) => [k.account!, k]));
  const secret = fromHex(JSON.parse(readFileSync(paths(dataDir).config, 'utf8')).subjectSecret, 32);
  const person = subjectRef(secret, parseSubjectId('person', DEMO_PERSON_ID));
  const enterprise = subjectRef(secret, parseSubjectId('enterprise', DEMO_ENTERPRISE_ID));
  let running: NodeService | undefined;

  const node: DevNode = {
    dir,
    dataDir,
    keys,
    person,
    enterprise,
    personRef: toHex(person),
    enterpriseRef: toHex(enterprise),
    get service(): NodeService {
      if (running === undefined) throw new Error(`the dev node in ${dataDir} is not running; call start() first`);
      return running;
    },
    async start() {
      running = await NodeService.start(dataDir, { overrides: { port: 0, ...opts.overrides }, log: () => {} });
      return running;
    },
    async stop() {
      const service = running;
      running = undefined;
      await service?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    // Arrow functions, so that tests may take them off the object.
    as: (account) => new CreditChainClient(node.service.url, account === undefined ? {} : { reader: keys.get(account)! }),
    signer: async (account) => {
      const nonce = (await node.as().account(account)).nonce;
      return { suite: 'intl', chainId: 'creditchain-dev', sender: account, nonce, expires: node.service.chain.head.header.height + 100, seed: keys.get(account)!.seed };
    },
    send: (t) => {
      const { tx, sidecars } = 'sidecars' in t ? t : { tx: t, sidecars: [] };
      return node.as().submitTx(tx.bytes, { wait: 'commit', sidecars });
    },
  };
  return node;
}

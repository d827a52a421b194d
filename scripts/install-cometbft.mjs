#!/usr/bin/env node
// Installs CometBFT, the BFT engine of a CreditChain member network, into .tools/bin/ of this
// checkout (never onto the global PATH), by `go install` of the cometbft Go module at the
// pinned version. Idempotent: when .tools/bin/cometbft already reports that version it returns
// at once. A fresh build takes a few minutes on two cores.
//
// Why v0.38: it is the CometBFT line that speaks ABCI 2.0 (FinalizeBlock, vote extensions) with
// the `tendermint.abci` protobuf package, the line Cosmos SDK 0.50 chains run in production, and
// the one whose message types cosmjs-types publishes; v1.x renamed the packages (cometbft.abci.v1)
// and is younger in the field.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMETBFT_VERSION = '0.38.26';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const COMETBFT_BIN = join(root, '.tools', 'bin', 'cometbft');

function installedVersion() {
  if (!existsSync(COMETBFT_BIN)) return undefined;
  try {
    return execFileSync(COMETBFT_BIN, ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function installCometbft({ quiet = false } = {}) {
  const have = installedVersion();
  if (have === COMETBFT_VERSION) return COMETBFT_BIN;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error !== undefined || go.status !== 0) {
    throw new Error('CometBFT is built from its Go module, and the go command was not found. Install Go 1.22 or later (Debian: apt-get install golang-go) and run this again.');
  }
  if (!quiet) process.stderr.write(`Installing CometBFT v${COMETBFT_VERSION} into .tools/bin (go install; a few minutes the first time)…\n`);
  mkdirSync(dirname(COMETBFT_BIN), { recursive: true });
  const r = spawnSync('go', ['install', `github.com/cometbft/cometbft/cmd/cometbft@v${COMETBFT_VERSION}`], {
    env: { ...process.env, GOBIN: dirname(COMETBFT_BIN), GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`go install of CometBFT v${COMETBFT_VERSION} failed (exit ${r.status ?? r.signal}); its output is above.`);
  const now = installedVersion();
  if (now !== COMETBFT_VERSION) throw new Error(`After go install, ${COMETBFT_BIN} reports version ${now ?? 'nothing'}, not ${COMETBFT_VERSION}.`);
  if (!quiet) process.stderr.write(`CometBFT v${COMETBFT_VERSION} installed: ${COMETBFT_BIN}\n`);
  return COMETBFT_BIN;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    installCometbft();
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(1);
  }
}

// The demo accounts of a dev node (creditchain dev), with their key files, for the console's
// demo sign-in. `creditchain dev` writes a key file per demo account to the data directory's
// keys/ (dev.ts); this serves those of the demo consortium that are accounts on the chain. They
// are test keys of a throw-away chain on a laptop: any other node — one not started with a dev
// clock — refuses with NODE_NOT_DEV and reads nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreditChainError, toHex } from '@creditchain/core';
import { readAccount } from '@creditchain/ledger';
import { keyPairFromJson, keyPairToJson } from '@creditchain/sdk';
import { paths } from './config.js';
import { DEMO_ACCOUNTS } from './dev.js';
import type { NodeService } from './service.js';

export function devKeysHandlers(service: NodeService) {
  const chain = service.chain;
  return {
    devKeys: () => {
      if (!service.config.devClock) {
        throw new CreditChainError('NODE_NOT_DEV', 'This node is not a development node (creditchain dev): it offers no demo keys. Sign in with your own key file.');
      }
      const dir = paths(service.dataDir).keys;
      const accounts = [];
      for (const demo of DEMO_ACCOUNTS) {
        const file = join(dir, `${demo.name}.json`);
        const account = readAccount(chain.suite, chain.storage, demo.name);
        if (account === undefined || !existsSync(file)) continue;
        const key = keyPairFromJson(JSON.parse(readFileSync(file, 'utf8')));
        // Only a key the account holds: a file left from another chain is not offered.
        if (!account.keys.some((k) => toHex(k.key) === toHex(key.publicKey))) continue;
        accounts.push({ name: account.name, org: account.org, subject: account.subject === null ? null : toHex(account.subject), roles: [...account.roles], key: keyPairToJson(key) });
      }
      return { accounts };
    },
  };
}

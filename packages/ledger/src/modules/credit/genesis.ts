// The credit module's part of block 0: the categories, the scoring models, and the clock its
// expiry queue starts from.
import type { CryptoSuite } from '@creditchain/core';
import type { Genesis } from '../../genesis.js';
import type { StateOverlay } from '../../overlay.js';
import { writeCategory } from './categories.js';
import { dayOf } from './dates.js';
import { writeClock } from './records.js';
import { writeScoringModel } from './scoring.js';

export function writeCreditGenesis(suite: CryptoSuite, state: StateOverlay, genesis: Genesis): void {
  for (const c of genesis.credit.categories) writeCategory(suite, state, c);
  for (const m of genesis.credit.models) writeScoringModel(suite, state, m);
  writeClock(suite, state, { height: 0, time: genesis.genesisTime, day: dayOf(genesis.genesisTime), pos: 0 });
}

// The `gm` suite, for chains that must use the Chinese national algorithms (商用密码): SM3 for
// every hash — trees, ids, digests — and SM2 with the default signer ID as the default signature
// algorithm. Checkpoint notes stay Ed25519 in both suites (C2SP signed notes know no SM2).
import { makeSuite, registerSuite, type CryptoSuite } from './crypto-suite.js';
import { sm2 } from './sm2.js';

export const gmSuite: CryptoSuite = makeSuite('gm', 'SM3', 'sm3', sm2);

registerSuite(gmSuite);

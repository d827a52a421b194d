// Building and signing the contracts module's transactions: deploy, upgrade, approve and call.
// Each payload is checked by the ledger's own parser first, so a malformed one is refused here
// in the node's words.
import type { CborMap, CborValue, DecodedTx } from '@creditchain/core';
import { getAction } from '@creditchain/ledger';
import { buildTx, type TxSigner } from './anchor-tx.js';

function contractsTx(signer: TxSigner, action: string, payload: CborMap): DecodedTx {
  getAction('contracts', action).parse(payload, undefined as never);
  return buildTx({ ...signer, module: 'contracts', action, payload, sidecars: [] });
}

/** contracts.deploy: compiled JavaScript (CommonJS) and the hash of its TypeScript source. */
export const deployContractTx = (input: TxSigner & { readonly name: string; readonly code: string; readonly sourceHash: Uint8Array }) =>
  contractsTx(input, 'deploy', { name: input.name, code: input.code, sourceHash: input.sourceHash });

/** contracts.upgrade: a new version of a contract of the sender's organisation. */
export const upgradeContractTx = (input: TxSigner & { readonly name: string; readonly code: string; readonly sourceHash: Uint8Array }) =>
  contractsTx(input, 'upgrade', { name: input.name, code: input.code, sourceHash: input.sourceHash });

/** contracts.approve (a regulator): the version calls run, and the record categories it may file. */
export const approveContractTx = (input: TxSigner & { readonly name: string; readonly version: number; readonly categories?: readonly string[] }) =>
  contractsTx(input, 'approve', { name: input.name, version: input.version, categories: [...(input.categories ?? [])] });

/** contracts.call: a method with JSON arguments (integers, strings, booleans, null, arrays, objects). */
export const callContractTx = (input: TxSigner & { readonly name: string; readonly method: string; readonly args?: CborValue; readonly gas?: number }) =>
  contractsTx(input, 'call', { name: input.name, method: input.method, args: input.args ?? null, ...(input.gas === undefined ? {} : { gas: input.gas }) });

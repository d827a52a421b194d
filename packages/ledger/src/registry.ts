// The table of every module action the ledger executes, and the end-of-block steps. One place
// to find them all; who may send each action is in modules/identity/permissions.ts.
import { CreditChainError, type CryptoSuite } from '@creditchain/core';
import type { ActionDef } from './action.js';
import type { StateOverlay } from './overlay.js';
import { anchorAction } from './modules/evidence/anchor.js';
import { expireProposals, proposeAction, voteAction } from './modules/governance/actions.js';
import { bindSubjectAction, createAccountAction, setRolesAction } from './modules/identity/accounts.js';
import { addKeyAction, revokeKeyAction, rotateKeyAction, setThresholdAction } from './modules/identity/keys.js';

const ACTIONS: readonly ActionDef<any>[] = [
  anchorAction,
  createAccountAction,
  setRolesAction,
  addKeyAction,
  rotateKeyAction,
  revokeKeyAction,
  setThresholdAction,
  bindSubjectAction,
  proposeAction,
  voteAction,
];

const BY_NAME = new Map<string, ActionDef<any>>(ACTIONS.map((a) => [`${a.module}.${a.action}`, a]));

export function listActions(): readonly ActionDef<any>[] {
  return ACTIONS;
}

export function getAction(module: string, action: string): ActionDef<any> {
  const def = BY_NAME.get(`${module}.${action}`);
  if (def === undefined) {
    throw new CreditChainError('TX_UNKNOWN_ACTION', `There is no action "${module}.${action}".`, { module, action });
  }
  return def;
}

/** Steps run after the last transaction of every block, in this order. */
export const END_BLOCK: ReadonlyArray<(suite: CryptoSuite, state: StateOverlay, height: number) => void> = [expireProposals];

// The table of every module action the ledger executes. One place to find them all.
import { CreditChainError } from '@creditchain/core';
import type { ActionDef } from './action.js';
import { anchorAction } from './modules/evidence/anchor.js';

const ACTIONS: readonly ActionDef<any>[] = [anchorAction];

const BY_NAME = new Map<string, ActionDef<any>>(ACTIONS.map((a) => [`${a.module}.${a.action}`, a]));

export function listActions(): readonly ActionDef<any>[] {
  return ACTIONS;
}

export function getAction(module: string, action: string): ActionDef<any> {
  const def = BY_NAME.get(`${module}.${action}`);
  if (def === undefined) {
    throw new CreditChainError('TX_UNKNOWN_ACTION', `There is no action "${module}.${action}"; known actions: ${[...BY_NAME.keys()].join(', ')}.`, { module, action });
  }
  return def;
}

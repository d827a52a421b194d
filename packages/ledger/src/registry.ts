// The table of every module action the ledger executes, and the end-of-block steps. One place
// to find them all; who may send each action is in modules/identity/permissions.ts.
import { CreditChainError, type CryptoSuite } from '@creditchain/core';
import type { ActionDef } from './action.js';
import type { Genesis } from './genesis.js';
import type { StateOverlay } from './overlay.js';
import type { ContractVm } from './modules/contracts/vm.js';
import { allowCollectionAction, correctAction, expireRecords, revokeAction, reviewAction, submitAction } from './modules/credit/actions.js';
import { grantAction, queryAction, revokeConsentAction } from './modules/consent/actions.js';
import { answerAction, appealAction, complainAction, decideAction, escalateOverdue, objectAction, ruleAction } from './modules/disputes/actions.js';
import { anchorAction } from './modules/evidence/anchor.js';
import { applyAction, decideRepairAction, eraseAction } from './modules/repair/actions.js';
import { expireProposals, proposeAction, voteAction } from './modules/governance/actions.js';
import { bindSubjectAction, createAccountAction, setRolesAction } from './modules/identity/accounts.js';
import { addKeyAction, revokeKeyAction, rotateKeyAction, setThresholdAction } from './modules/identity/keys.js';
import { approveClassAction, createClassAction, freezeVoucherAction, registerMerchantAction, unfreezeVoucherAction } from './modules/vouchers/classes.js';
import { expireVouchers } from './modules/vouchers/expire.js';
import { issueAction, mergeAction, redeemAction, spendAction, splitAction, transferAction } from './modules/vouchers/operations.js';
import { approveAction as approveContractAction, callAction, deployAction, runAlarms, upgradeAction } from './modules/contracts/actions.js';
import { awardPointsAction, createPointsAction, deductPointsAction, usePointsAction } from './modules/vouchers/points.js';

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
  submitAction,
  reviewAction,
  correctAction,
  revokeAction,
  allowCollectionAction,
  grantAction,
  revokeConsentAction,
  queryAction,
  objectAction,
  answerAction,
  appealAction,
  decideAction,
  complainAction,
  ruleAction,
  applyAction,
  decideRepairAction,
  eraseAction,
  createClassAction,
  approveClassAction,
  registerMerchantAction,
  issueAction,
  transferAction,
  splitAction,
  mergeAction,
  spendAction,
  redeemAction,
  freezeVoucherAction,
  unfreezeVoucherAction,
  createPointsAction,
  awardPointsAction,
  deductPointsAction,
  usePointsAction,
  deployAction,
  upgradeAction,
  approveContractAction,
  callAction,
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

export interface EndBlockContext {
  readonly suite: CryptoSuite;
  readonly genesis: Genesis;
  readonly state: StateOverlay;
  readonly height: number;
  /** Block time in milliseconds. */
  readonly time: number;
  /** The previous block's hash (contract alarms derive their seeds from it). */
  readonly prev: Uint8Array;
  /** The contract runtime, for contract alarms. */
  readonly contracts?: ContractVm;
}

/** Steps run after the last transaction of every block, in this order. */
export const END_BLOCK: ReadonlyArray<(ctx: EndBlockContext) => void> = [
  (ctx) => expireProposals(ctx.suite, ctx.state, ctx.height),
  (ctx) => expireRecords(ctx.suite, ctx.state, ctx.height, ctx.time, ctx.genesis.genesisTime),
  (ctx) => escalateOverdue(ctx.suite, ctx.state, ctx.time, ctx.genesis.genesisTime),
  (ctx) => expireVouchers(ctx.suite, ctx.state, ctx.height, ctx.time, ctx.genesis.genesisTime),
  runAlarms,
];

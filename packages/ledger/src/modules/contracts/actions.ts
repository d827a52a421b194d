// The contract lifecycle as transactions:
//   contracts.deploy  (an organisation's admin) → version 1; callable at once, or after approval (params.contractApproval)
//   contracts.upgrade (an admin of the same organisation) → version n+1; state kept, every version kept
//   contracts.approve (a regulator) → a version becomes the one calls run, with the record categories it may file
//   contracts.call    (any account) → runs a method; its result, gas and events are the transaction's result
// and, after every block, the alarms that are due (runAlarms).
import { CreditChainError, encodeCanonical, readArray, readBytes, readMap, readString, readUint, toHex, type CborValue } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import type { EndBlockContext } from '../../registry.js';
import { CATEGORY_CODE, requireCategory } from '../credit/categories.js';
import { readParams } from '../governance/params.js';
import { senderOrg } from '../identity/accounts.js';
import { readAccount, readOrg } from '../identity/state.js';
import { takeDueAlarms } from './alarms.js';
import { invoke, isCallable, type CallEnv, type Caller, type ContractEvent } from './call.js';
import { MAX_ALARMS_PER_BLOCK, MAX_CODE_BYTES } from './limits.js';
import {
  addToIndex,
  CONTRACT_NAME_PATTERN,
  CONTRACTS_MODULE,
  lastAlarmKey,
  readMeta,
  readContractVersion,
  requireMeta,
  writeCode,
  writeMeta,
  writeContractVersion,
  type ContractMeta,
} from './state.js';
import { cborToJson } from './values.js';
import { GasMeter, runInVm, type ContractVm } from './vm.js';

function vmOf(vm: ContractVm | undefined): ContractVm {
  if (vm === undefined) throw new CreditChainError('CONTRACT_ENGINE_MISSING', 'This node executes blocks without a contract runtime; it cannot run contracts.');
  return vm;
}

function gasLimit(ctx: { suite: ActionContext['suite']; state: ActionContext['state'] }, asked?: number): number {
  const max = readParams(ctx.suite, ctx.state).contractGasLimit;
  return asked === undefined ? max : Math.min(asked, max);
}

// --- deploy and upgrade ----------------------------------------------------------------------

export interface CodePayload {
  readonly name: string;
  readonly code: string;
  readonly sourceHash: Uint8Array;
}

function parseCode(payload: Parameters<ActionDef['parse']>[0]): CodePayload {
  const m = readMap(payload, 'payload', ['name', 'code', 'sourceHash']);
  const code = readString(m.code, 'payload.code', MAX_CODE_BYTES);
  if (code.trim().length === 0) throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.code is empty.');
  return { name: readString(m.name, 'payload.name', 64, CONTRACT_NAME_PATTERN), code, sourceHash: readBytes(m.sourceHash, 'payload.sourceHash', 32) };
}

/** Evaluates new code once, with no host, to check it runs and exports methods; gives their names. */
function checkCode(ctx: ActionContext, name: string, code: string): string[] {
  const meter = new GasMeter(gasLimit(ctx));
  const env = JSON.stringify({ contract: { name, org: '', version: 0 }, caller: null, block: { height: ctx.height, time: ctx.time, date: '' }, seed: '', args: null });
  let methods: string[];
  try {
    methods = JSON.parse(runInVm(vmOf(ctx.contracts), code, '', 'null', env, {}, meter)) as string[];
  } catch (e) {
    if (e instanceof CreditChainError && e.code !== 'CONTRACT_ENGINE_MISSING') {
      throw new CreditChainError('CONTRACT_BAD_CODE', `The code of "${name}" does not load: ${e.message}`, { name, cause: e.code });
    }
    throw e;
  }
  if (methods.filter(isCallable).length === 0 && !methods.includes('onAlarm')) {
    throw new CreditChainError('CONTRACT_BAD_CODE', `The code of "${name}" exports no method (a contract is CommonJS: exports.method = function (args) {…}).`, { name });
  }
  return methods;
}

function newVersion(ctx: ActionContext, meta: Pick<ContractMeta, 'name'>, version: number, p: CodePayload, methods: string[]) {
  const codeHash = writeCode(ctx.suite, ctx.state, p.code);
  writeContractVersion(ctx.suite, ctx.state, meta.name, { version, codeHash, sourceHash: p.sourceHash, deployer: ctx.sender, height: ctx.height, tx: ctx.txId, approvedBy: null, approvedAt: null });
  const approval = readParams(ctx.suite, ctx.state).contractApproval === 1;
  return { data: { name: meta.name, version, codeHash, methods, status: approval ? 'awaiting-approval' : 'active' }, approval };
}

export const deployAction: ActionDef<CodePayload> = {
  module: CONTRACTS_MODULE,
  action: 'deploy',
  parse: parseCode,
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    if (readMeta(ctx.suite, ctx.state, p.name) !== undefined) {
      throw new CreditChainError('CONTRACT_EXISTS', `A contract named "${p.name}" already exists; deploy a new version with contracts.upgrade.`, { name: p.name });
    }
    const methods = checkCode(ctx, p.name, p.code);
    const { data, approval } = newVersion(ctx, p, 1, p, methods);
    writeMeta(ctx.suite, ctx.state, { name: p.name, org: org.id, deployer: ctx.sender, created: ctx.height, active: approval ? 0 : 1, latest: 1, categories: [], alarms: 0 });
    addToIndex(ctx.suite, ctx.state, p.name);
    return { data };
  },
};

export const upgradeAction: ActionDef<CodePayload> = {
  module: CONTRACTS_MODULE,
  action: 'upgrade',
  parse: parseCode,
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const meta = requireMeta(ctx.suite, ctx.state, p.name);
    if (meta.org !== org.id) {
      throw new CreditChainError('CONTRACT_NOT_OWNER', `Contract "${p.name}" belongs to "${meta.org}"; only its admins may upgrade it, not "${org.id}".`, { name: p.name, org: meta.org });
    }
    const methods = checkCode(ctx, p.name, p.code);
    const version = meta.latest + 1;
    const { data, approval } = newVersion(ctx, meta, version, p, methods);
    // New code files no records until a regulator approves it for categories again.
    writeMeta(ctx.suite, ctx.state, approval ? { ...meta, latest: version } : { ...meta, latest: version, active: version, categories: [] });
    return { data };
  },
};

// --- approve ---------------------------------------------------------------------------------

export interface ApprovePayload {
  readonly name: string;
  readonly version: number;
  readonly categories: readonly string[];
}

export const approveAction: ActionDef<ApprovePayload> = {
  module: CONTRACTS_MODULE,
  action: 'approve',
  parse(payload) {
    const m = readMap(payload, 'payload', ['name', 'version'], ['categories']);
    const categories = m.categories === undefined ? [] : readArray(m.categories, 'payload.categories', 64).map((c, i) => readString(c, `payload.categories[${i}]`, 48, CATEGORY_CODE));
    if (new Set(categories).size !== categories.length) throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.categories lists a category twice.');
    return { name: readString(m.name, 'payload.name', 64, CONTRACT_NAME_PATTERN), version: readUint(m.version, 'payload.version'), categories };
  },
  execute(ctx, p) {
    const meta = requireMeta(ctx.suite, ctx.state, p.name);
    const version = readContractVersion(ctx.suite, ctx.state, p.name, p.version);
    if (version === undefined) throw new CreditChainError('CONTRACT_NOT_FOUND', `Contract "${p.name}" has no version ${p.version} (its latest is ${meta.latest}).`, { name: p.name, version: p.version });
    if (p.version < meta.active) {
      throw new CreditChainError('TX_BAD_PAYLOAD', `Version ${p.version} of "${p.name}" is older than the active version ${meta.active}; approve the active version or a newer one.`, { name: p.name });
    }
    // A contract files as its organisation: only categories that organisation may source itself.
    const org = readOrg(ctx.suite, ctx.state, meta.org)!;
    for (const code of p.categories) {
      const category = requireCategory(ctx.suite, ctx.state, code);
      if (!category.sources.includes(org.type) || !org.categories.includes(code)) {
        throw new CreditChainError('CATEGORY_NOT_ALLOWED', `Contract "${p.name}" files as "${org.id}", which may not source "${code}" records.`, { category: code, org: org.id });
      }
    }
    writeContractVersion(ctx.suite, ctx.state, p.name, { ...version, approvedBy: ctx.sender, approvedAt: ctx.height });
    writeMeta(ctx.suite, ctx.state, { ...meta, active: p.version, categories: p.categories });
    return { data: { name: p.name, version: p.version, categories: [...p.categories] } };
  },
};

// --- call ------------------------------------------------------------------------------------

export interface CallPayload {
  readonly name: string;
  readonly method: string;
  /** The arguments as JSON text (checked at admission: no bytes, no floats). */
  readonly args: string;
  readonly gas: number | undefined;
}

/** The result of a successful call: the transaction's result data. */
export function callResult(result: string, gas: number, events: readonly ContractEvent[]): CborValue {
  return { result: JSON.parse(result) as CborValue, gas, events: events.map((e) => ({ ...e })) };
}

/** A failure, with the gas the call used added to its sentence and details. */
function withGas(e: unknown, meter: GasMeter): unknown {
  if (!(e instanceof CreditChainError)) return e;
  return new CreditChainError(e.code, `${e.message} Gas used: ${meter.used}.`, { ...e.details, gas: meter.used });
}

export const callAction: ActionDef<CallPayload> = {
  module: CONTRACTS_MODULE,
  action: 'call',
  parse(payload) {
    const m = readMap(payload, 'payload', ['name', 'method'], ['args', 'gas']);
    const method = readString(m.method, 'payload.method', 64);
    if (!isCallable(method)) throw new CreditChainError('CONTRACT_NO_METHOD', `"${method}" cannot be called by a transaction: onAlarm is the ledger's, and names starting with "_" are private.`, { method });
    return {
      name: readString(m.name, 'payload.name', 64, CONTRACT_NAME_PATTERN),
      method,
      args: cborToJson(m.args === undefined ? null : m.args, 'payload.args'),
      gas: m.gas === undefined ? undefined : readUint(m.gas, 'payload.gas'),
    };
  },
  execute(ctx, p) {
    const vm = vmOf(ctx.contracts);
    const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
    const caller: Caller = { kind: 'account', account: account.name, org: account.org, roles: [...account.roles], subject: account.subject === null ? null : toHex(account.subject), contract: null };
    const meter = new GasMeter(gasLimit(ctx, p.gas));
    const env: CallEnv = { vm, suite: ctx.suite, genesis: ctx.genesis, height: ctx.height, time: ctx.time, txId: ctx.txId, logIndex: ctx.logIndex, seedBase: ctx.txId, meter, calls: 0 };
    const events: ContractEvent[] = [];
    try {
      const result = invoke(env, ctx.state, p.name, p.method, p.args, caller, 1, events);
      return { data: callResult(result, meter.used, events) };
    } catch (e) {
      throw withGas(e, meter);
    }
  },
};

// --- alarms, after every block ---------------------------------------------------------------

/**
 * Runs the alarms due at this block's time, earliest first (ties in the order scheduled), at most
 * MAX_ALARMS_PER_BLOCK; each is a call of the contract's onAlarm({time, data}) with the gas limit
 * of a transaction's call, in a layer of its own: a failing alarm changes nothing but its own
 * outcome, kept at contracts/last-alarm/<name> ({height, time, seq, code, gas, events}).
 */
export function runAlarms(ctx: EndBlockContext): void {
  const due = takeDueAlarms(ctx.suite, ctx.state, ctx.time, MAX_ALARMS_PER_BLOCK);
  if (due.length === 0) return;
  const vm = vmOf(ctx.contracts);
  const caller: Caller = { kind: 'alarm', account: null, org: null, roles: [], subject: null, contract: null };
  for (const a of due) {
    const meta = readMeta(ctx.suite, ctx.state, a.contract);
    if (meta === undefined) continue;
    writeMeta(ctx.suite, ctx.state, { ...meta, alarms: Math.max(0, meta.alarms - 1) });
    const meter = new GasMeter(gasLimit(ctx));
    const seedBase = ctx.suite.hash(new Uint8Array([...ctx.prev, ...encodeCanonical(a.seq)]));
    const env: CallEnv = { vm, suite: ctx.suite, genesis: ctx.genesis, height: ctx.height, time: ctx.time, txId: a.tx, logIndex: a.logIndex, seedBase, meter, calls: 0 };
    const events: ContractEvent[] = [];
    let code = 'ok';
    // Only the contract's own message is kept in state: the ledger's sentences are not consensus.
    let error: string | null = null;
    try {
      invoke(env, ctx.state, a.contract, 'onAlarm', JSON.stringify({ time: a.time, data: a.data }), caller, 1, events);
    } catch (e) {
      code = e instanceof CreditChainError ? e.code : 'INTERNAL';
      if (e instanceof CreditChainError && code === 'CONTRACT_FAILED') error = String(e.details?.error ?? '');
    }
    ctx.state.put(lastAlarmKey(ctx.suite, a.contract), encodeCanonical({ height: ctx.height, time: a.time, seq: a.seq, code, error, gas: meter.used, events: events.map((e) => ({ ...e })) }));
  }
}

// Calling a contract: its active code in a fresh runtime (vm.ts) over a layer of the state of its
// own, with the host API (host.d.ts in the template) bound to that layer. The layer is merged
// only if the call succeeds, so a failed call — out of gas, memory or stack, or an error the
// contract threw — leaves no write behind; a nested call (host.call) is a layer of its caller's.
import {
  CreditChainError,
  concatBytes,
  decodeCanonical,
  encodeCanonical,
  fromHex,
  toHex,
  utf8,
  type CborMap,
  type CborValue,
  type CryptoSuite,
} from '@creditchain/core';
import type { ActionContext } from '../../action.js';
import type { Genesis } from '../../genesis.js';
import type { StateOverlay } from '../../overlay.js';
import { appendToList, readList } from '../../state-lists.js';
import { fileRecords, parseRecordInput } from '../credit/actions.js';
import { dayOf, formatDate } from '../credit/dates.js';
import { isTombstone, readStoredRecord } from '../credit/records.js';
import { readAccount, readOrg } from '../identity/state.js';
import { alarmCount, enqueueAlarm } from './alarms.js';
import {
  GAS_ALARM,
  GAS_FILE_RECORD,
  GAS_PER_BYTE_READ,
  GAS_PER_BYTE_WRITTEN,
  GAS_PER_EVENT_BYTE,
  MAX_ALARMS,
  MAX_ALARMS_PER_CONTRACT,
  MAX_CALL_DEPTH,
  MAX_EVENTS,
  MAX_KEY_LENGTH,
} from './limits.js';
import { activeCode, CONTRACTS_MODULE, readMeta, recordsList, requireMeta, storageKey, writeMeta, type ContractMeta } from './state.js';
import { cborToJson, jsonTextToBytes } from './values.js';
import { runInVm, type ContractVm, type GasMeter, type NativeHost } from './vm.js';

/** Who a call comes from, as host.caller shows it. */
export interface Caller {
  readonly kind: 'account' | 'contract' | 'alarm';
  readonly account: string | null;
  readonly org: string | null;
  readonly roles: readonly string[];
  /** The subject reference (hex) of a subject's own account. */
  readonly subject: string | null;
  /** The calling contract, for a nested call. */
  readonly contract: string | null;
}

export interface ContractEvent {
  readonly contract: string;
  readonly name: string;
  readonly data: CborValue;
}

/** What every call of one transaction (or one alarm) shares. */
export interface CallEnv {
  readonly vm: ContractVm;
  readonly suite: CryptoSuite;
  readonly genesis: Genesis;
  readonly height: number;
  readonly time: number;
  /** The transaction the call comes from; for an alarm, the one that scheduled it. */
  readonly txId: Uint8Array;
  readonly logIndex: number;
  /** What every call's seed derives from: the transaction id, or for an alarm the previous block hash and its sequence. */
  readonly seedBase: Uint8Array;
  readonly meter: GasMeter;
  /** Calls made so far (each gets its own seed). */
  calls: number;
}

/** Methods no transaction may call: the ledger calls onAlarm; names starting with "_" are private. */
export function isCallable(method: string): boolean {
  return method !== 'onAlarm' && !method.startsWith('_') && method.length > 0;
}

export const CONTRACT_SENDER_PREFIX = 'contract:';

function checkKey(key: string | undefined): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new CreditChainError('CONTRACT_LIMIT', `A storage key is a string of 1 to ${MAX_KEY_LENGTH} characters.`, { key });
  }
  return key;
}

function parseJson(text: string | undefined, what: string): unknown {
  return jsonTextToBytes(text ?? 'null', what).value;
}

/** The record a contract may file: credit.submit's record, without details (a contract has no sidecars). */
function recordPayload(v: unknown): CborMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CreditChainError('CONTRACT_BAD_VALUE', 'host.fileRecord takes a record object.');
  const r = v as Record<string, CborValue>;
  if (r.details !== undefined) throw new CreditChainError('CONTRACT_BAD_VALUE', 'A record filed by a contract carries no details sidecar.');
  if (typeof r.subject !== 'string' || !/^[0-9a-f]{64}$/.test(r.subject)) throw new CreditChainError('CONTRACT_BAD_VALUE', 'record.subject is the subject reference as 64 lowercase hex characters.');
  return { ...r, subject: fromHex(r.subject) };
}

function host(env: CallEnv, state: StateOverlay, meta: ContractMeta, depth: number, events: ContractEvent[]): NativeHost {
  const { suite, meter } = env;
  const name = meta.name;
  const read = (n: number) => meter.charge(n * GAS_PER_BYTE_READ);
  return {
    get(key) {
      const k = checkKey(key);
      const b = state.getState(storageKey(suite, name, k));
      read(k.length + (b?.length ?? 0));
      return b === undefined ? undefined : cborToJson(decodeCanonical(b), `storage "${k}"`);
    },
    set(key, value) {
      const k = checkKey(key);
      const { bytes } = jsonTextToBytes(value ?? 'null', `the value stored under "${k}"`);
      meter.charge((k.length + bytes.length) * GAS_PER_BYTE_WRITTEN);
      state.put(storageKey(suite, name, k), bytes);
      return undefined;
    },
    del(key) {
      const k = checkKey(key);
      meter.charge(k.length * GAS_PER_BYTE_WRITTEN);
      state.put(storageKey(suite, name, k), null);
      return undefined;
    },
    emit(eventName, data) {
      if (typeof eventName !== 'string' || eventName.length === 0 || eventName.length > 64) throw new CreditChainError('CONTRACT_LIMIT', 'An event name is a string of 1 to 64 characters.');
      if (events.length >= MAX_EVENTS) throw new CreditChainError('CONTRACT_LIMIT', `A call may emit at most ${MAX_EVENTS} events.`);
      const { value, bytes } = jsonTextToBytes(data ?? 'null', `event "${eventName}"`);
      meter.charge((eventName.length + bytes.length) * GAS_PER_EVENT_BYTE);
      events.push({ contract: name, name: eventName, data: value });
      return undefined;
    },
    account(accountName) {
      const a = typeof accountName === 'string' ? readAccount(suite, state, accountName) : undefined;
      const out = a === undefined ? null : { name: a.name, org: a.org, roles: [...a.roles], subject: a.subject === null ? null : toHex(a.subject) };
      const text = JSON.stringify(out);
      read(text.length);
      return text;
    },
    org(id) {
      const o = typeof id === 'string' ? readOrg(suite, state, id) : undefined;
      const text = JSON.stringify(o === undefined ? null : { id: o.id, name: o.name, type: o.type, status: o.status });
      read(text.length);
      return text;
    },
    record(idText) {
      const id = parseJson(idText, 'a record id');
      if (typeof id !== 'number' || id < 1) return 'null';
      const r = readStoredRecord(suite, state, id);
      // A contract reads only the records it filed itself.
      if (r === undefined || isTombstone(r) || !readList(suite, state, CONTRACTS_MODULE, recordsList(name)).includes(id)) return 'null';
      const text = JSON.stringify({ id: r.id, version: r.version, status: r.status, category: r.category, subject: toHex(r.subject), subjectKind: r.subjectKind, occurred: r.occurred, ended: r.ended, amountBand: r.amountBand, disputed: r.disputed });
      read(text.length);
      return text;
    },
    records() {
      const text = JSON.stringify(readList(suite, state, CONTRACTS_MODULE, recordsList(name)));
      read(text.length);
      return text;
    },
    call(contract, method, args) {
      if (typeof contract !== 'string' || typeof method !== 'string' || !isCallable(method)) {
        throw new CreditChainError('CONTRACT_NO_METHOD', `host.call needs a contract name and a callable method (not onAlarm, not starting with "_").`, { method });
      }
      const caller: Caller = { kind: 'contract', account: null, org: meta.org, roles: [], subject: null, contract: name };
      return invoke(env, state, contract, method, args ?? 'null', caller, depth + 1, events);
    },
    alarm(timeText, data) {
      const time = parseJson(timeText, 'an alarm time');
      if (typeof time !== 'number' || time < 0) throw new CreditChainError('CONTRACT_BAD_VALUE', 'An alarm time is a block time in milliseconds.');
      const { value } = jsonTextToBytes(data ?? 'null', 'alarm data');
      meter.charge(GAS_ALARM);
      const current = readMeta(suite, state, name)!;
      if (current.alarms >= MAX_ALARMS_PER_CONTRACT) throw new CreditChainError('CONTRACT_LIMIT', `A contract may have at most ${MAX_ALARMS_PER_CONTRACT} alarms pending.`);
      if (alarmCount(suite, state) >= MAX_ALARMS) throw new CreditChainError('CONTRACT_LIMIT', `The chain holds at most ${MAX_ALARMS} pending alarms.`);
      enqueueAlarm(suite, state, { time, contract: name, data: value, tx: env.txId, logIndex: env.logIndex });
      writeMeta(suite, state, { ...current, alarms: current.alarms + 1 });
      return undefined;
    },
    file(recordText) {
      meter.charge(GAS_FILE_RECORD);
      const input = parseRecordInput(recordPayload(parseJson(recordText, 'a record')), 'record');
      const current = readMeta(suite, state, name)!;
      if (!current.categories.includes(input.category)) {
        throw new CreditChainError('CONTRACT_CATEGORY_NOT_APPROVED', `Contract "${name}" is not approved to file "${input.category}" records (approved: ${current.categories.join(', ') || 'none'}).`, { category: input.category });
      }
      const org = readOrg(suite, state, meta.org);
      if (org === undefined || org.status !== 'active') {
        throw new CreditChainError(org?.status === 'retired' ? 'ORG_RETIRED' : 'ORG_SUSPENDED', `Organisation "${meta.org}", which deployed contract "${name}", is not active; the contract cannot file records for it.`, { org: meta.org });
      }
      // The very path of credit.submit: the same checks, pending for the organisation's reviewers.
      const ctx: ActionContext = { suite, genesis: env.genesis, height: env.height, time: env.time, sender: `${CONTRACT_SENDER_PREFIX}${name}`, txId: env.txId, logIndex: env.logIndex, state, sidecars: [] };
      const { first } = fileRecords(ctx, org, [input]);
      appendToList(suite, state, CONTRACTS_MODULE, recordsList(name), first);
      return JSON.stringify({ id: first });
    },
    date(timeText) {
      const time = parseJson(timeText, 'a time');
      if (typeof time !== 'number') throw new CreditChainError('CONTRACT_BAD_VALUE', 'host.date takes a block time in milliseconds.');
      return JSON.stringify(formatDate(dayOf(time)));
    },
    gasLeft() {
      return JSON.stringify(meter.left);
    },
  };
}

/**
 * Calls `method` of contract `name` with JSON arguments, at call depth `depth` (a transaction's
 * call is 1). Its writes go to `state` and its events to `events` only if it succeeds. Gives the
 * result as JSON text; throws a CreditChainError otherwise.
 */
export function invoke(env: CallEnv, state: StateOverlay, name: string, method: string, argsJson: string, caller: Caller, depth: number, events: ContractEvent[]): string {
  if (depth > MAX_CALL_DEPTH) throw new CreditChainError('CONTRACT_LIMIT', `Contracts may call each other at most ${MAX_CALL_DEPTH} deep.`, { depth });
  const meta = requireMeta(env.suite, state, name);
  const { version, code } = activeCode(env.suite, state, meta);
  const layer = state.child();
  const own: ContractEvent[] = [];
  const seed = env.suite.hash(concatBytes(utf8('creditchain/contract-seed'), env.seedBase, utf8(name), encodeCanonical(env.calls++)));
  const ctxJson = JSON.stringify({
    contract: { name, org: meta.org, version: version.version },
    caller,
    block: { height: env.height, time: env.time, date: formatDate(dayOf(env.time)) },
    seed: toHex(seed),
    args: JSON.parse(argsJson),
  });
  const result = runInVm(env.vm, code, method, argsJson, ctxJson, host(env, layer, meta, depth, own), env.meter);
  jsonTextToBytes(result, `the result of ${name}.${method}`);
  layer.mergeInto(state);
  events.push(...own);
  return result;
}

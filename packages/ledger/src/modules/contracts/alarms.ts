// The alarm queue: a contract asks to be woken at a block time (host.scheduleAlarm), and at the
// end of the first block whose time is at or after it, the ledger calls the contract's
// `onAlarm({time, data})` — no transaction needed, which is how a missed instalment is noticed.
//   contracts/alarms       → [Alarm, …] ordered by (time, seq): one entry, at most MAX_ALARMS long
//   contracts/alarms/next  → the earliest time in it: the one read a block without due alarms costs
//   contracts/alarms/seq   → the next sequence number (a counter): ties in time run in the order scheduled
import { decodeCanonical, encodeCanonical, readArray, readBytes, readMap, readString, readUint, type CborValue, type CryptoSuite } from '@creditchain/core';
import type { StateOverlay, StateReader } from '../../overlay.js';
import { stateKey } from '../../state-keys.js';
import { takeId } from '../../state-lists.js';
import { CONTRACTS_MODULE } from './state.js';

export interface Alarm {
  readonly time: number;
  readonly seq: number;
  readonly contract: string;
  readonly data: CborValue;
  /** The transaction whose call (directly, or through earlier alarms) scheduled it. */
  readonly tx: Uint8Array;
  readonly logIndex: number;
}

const queueKey = (suite: CryptoSuite) => stateKey(suite, CONTRACTS_MODULE, 'alarms');
const nextKey = (suite: CryptoSuite) => stateKey(suite, CONTRACTS_MODULE, 'alarms/next');

export function readAlarms(suite: CryptoSuite, state: StateReader): Alarm[] {
  const b = state.getState(queueKey(suite));
  if (b === undefined) return [];
  return readArray(decodeCanonical(b), 'alarms', Number.MAX_SAFE_INTEGER).map((v, i) => {
    const m = readMap(v, `alarms[${i}]`, ['time', 'seq', 'contract', 'data', 'tx', 'logIndex']);
    return {
      time: readUint(m.time, 'alarm.time'),
      seq: readUint(m.seq, 'alarm.seq'),
      contract: readString(m.contract, 'alarm.contract', 64),
      data: m.data!,
      tx: readBytes(m.tx, 'alarm.tx'),
      logIndex: readUint(m.logIndex, 'alarm.logIndex'),
    };
  });
}

function writeAlarms(suite: CryptoSuite, state: StateOverlay, alarms: readonly Alarm[]): void {
  state.put(queueKey(suite), alarms.length === 0 ? null : encodeCanonical(alarms.map((a) => ({ ...a }))));
  state.put(nextKey(suite), alarms.length === 0 ? null : encodeCanonical(alarms[0]!.time));
}

/** Adds an alarm in (time, seq) order; gives its sequence number. */
export function enqueueAlarm(suite: CryptoSuite, state: StateOverlay, alarm: Omit<Alarm, 'seq'>): number {
  const seq = takeId(suite, state, CONTRACTS_MODULE, 'alarms/seq');
  const alarms = readAlarms(suite, state);
  let i = alarms.length;
  while (i > 0 && alarms[i - 1]!.time > alarm.time) i--;
  alarms.splice(i, 0, { ...alarm, seq });
  writeAlarms(suite, state, alarms);
  return seq;
}

export function alarmCount(suite: CryptoSuite, state: StateReader): number {
  return readAlarms(suite, state).length;
}

/** Takes the alarms due at `time` (at most `max`, earliest first) off the queue. */
export function takeDueAlarms(suite: CryptoSuite, state: StateOverlay, time: number, max: number): Alarm[] {
  const next = state.getState(nextKey(suite));
  if (next === undefined || readUint(decodeCanonical(next), 'alarms/next') > time) return [];
  const alarms = readAlarms(suite, state);
  let n = 0;
  while (n < alarms.length && n < max && alarms[n]!.time <= time) n++;
  writeAlarms(suite, state, alarms.slice(n));
  return alarms.slice(0, n);
}

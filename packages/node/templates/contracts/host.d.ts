// The host API a CreditChain contract sees: the global `host`. Every function costs gas (see
// docs/contracts.md, "Gas"). Values crossing the host are JSON of integers, strings, booleans,
// null, arrays and objects — no floats, no bytes (hex strings instead).
//
// A contract is one TypeScript file compiled to CommonJS: each exported function is a method,
// called with the call's arguments, returning a JSON value. It runs in a fresh QuickJS context on
// every call, so nothing survives a call but what it stores with host.set. There is no Date (use
// host.block.time and host.date), no Math.random (use host.seed), no eval, timers or I/O.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Caller mirrors packages/ledger/src/modules/contracts/call.ts; this file is copied into every
// contract project, so it stands alone.
export interface Caller {
  /** 'account': a transaction's sender; 'contract': another contract (host.call); 'alarm': the ledger. */
  readonly kind: 'account' | 'contract' | 'alarm';
  readonly account: string | null;
  /** The account's organisation (a calling contract's organisation), or null for a subject's own account. */
  readonly org: string | null;
  readonly roles: readonly string[];
  /** A subject's own account: its pseudonymous subject reference (64 hex). */
  readonly subject: string | null;
  /** The calling contract, for kind 'contract'. */
  readonly contract: string | null;
}

export interface AccountInfo {
  readonly name: string;
  readonly org: string | null;
  readonly roles: readonly string[];
  readonly subject: string | null;
}

export interface OrgInfo {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly status: 'active' | 'suspended' | 'retired';
}

export interface RecordRequest {
  /** The subject reference, 64 lowercase hex characters. */
  readonly subject: string;
  readonly subjectKind: 'enterprise' | 'person';
  /** A category the contract's approval names. */
  readonly category: string;
  /** "YYYY-MM-DD", not after the block's date. */
  readonly occurred: string;
  readonly ended?: string;
  /** Index into the amount bands: 0 none, 1 <10k, 2 10k-100k, 3 100k-1m, 4 1m-10m, 5 10m-100m, 6 ≥100m. */
  readonly amountBand: number;
  readonly publicityDays?: number;
}

export interface RecordInfo {
  readonly id: number;
  readonly version: number;
  readonly status: 'pending' | 'published' | 'rejected' | 'revoked' | 'expired' | 'repaired';
  readonly category: string;
  readonly subject: string;
  readonly subjectKind: 'enterprise' | 'person';
  readonly occurred: string;
  readonly ended: string | null;
  readonly amountBand: number;
  readonly disputed: boolean;
}

export interface Host {
  /** This contract: its name, the organisation that deployed it (records are filed as it), the version running. */
  readonly contract: { readonly name: string; readonly org: string; readonly version: number };
  readonly caller: Caller;
  /** The block: height, time (ms since the epoch, UTC) and its date "YYYY-MM-DD". */
  readonly block: { readonly height: number; readonly time: number; readonly date: string };
  /** 32 bytes as hex, the same on every node: H(transaction id, or previous block hash for an alarm ‖ contract ‖ call number). */
  readonly seed: string;
  /** The call's arguments (also passed to the method). */
  readonly args: Json;
  /** A value this contract stored, or undefined. */
  get<T extends Json = Json>(key: string): T | undefined;
  /** Stores a value under a key of this contract's own storage (key ≤ 128 characters, value ≤ 64 KiB). */
  set(key: string, value: Json): void;
  delete(key: string): void;
  /** An event, kept in the transaction's result (at most 64 a call). */
  emit(name: string, data?: Json): void;
  /** Public basics of an account, or null. */
  account(name: string): AccountInfo | null;
  /** Public basics of an organisation, or null. */
  org(id: string): OrgInfo | null;
  /** A credit record this contract filed, or null. */
  record(id: number): RecordInfo | null;
  /** The ids of the records this contract filed. */
  records(): number[];
  /** Calls a method of another contract (at most 4 deep, sharing this call's gas); throws its error. */
  call<T extends Json = Json>(contract: string, method: string, args?: Json): T;
  /** Wakes this contract: onAlarm({time, data}) runs at the end of the first block at or after `time`. */
  scheduleAlarm(time: number, data?: Json): void;
  /**
   * Files a credit record as the contract's organisation, through credit.submit's own checks; it is
   * pending until a reviewer of the organisation publishes it. Only categories the approval names.
   */
  fileRecord(record: RecordRequest): { id: number };
  /** "YYYY-MM-DD" (UTC) of a time in ms. */
  date(time: number): string;
  /** Gas left for this call. */
  gasLeft(): number;
}

declare global {
  const host: Host;
}

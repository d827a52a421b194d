// What a contract project's tests get: `creditchain contract test` calls each test file's default
// export with `test`, and runs every test on a fresh in-memory chain (the node's own runtime) with
// the project's contract deployed by the bank and approved for the categories creditchain.json
// names. Accounts: regulator, bank-admin, bank-clerk, bank-reviewer (bank), other-bank, and the
// subjects enterprise and person.

export type SandboxAccount = 'regulator' | 'bank-admin' | 'bank-clerk' | 'bank-reviewer' | 'other-bank' | 'enterprise' | 'person';

export interface CallResult {
  /** "ok", or the error code the call failed with (CONTRACT_FAILED, CONTRACT_OUT_OF_GAS, …). */
  readonly code: string;
  readonly message: string;
  readonly result?: unknown;
  readonly gas?: number;
  readonly events?: ReadonlyArray<{ contract: string; name: string; data: unknown }>;
}

export interface Sandbox {
  /** The deployed contract's name. */
  readonly contract: string;
  /** Block time of the last block (ms). */
  readonly now: number;
  /** The subject references (hex) of "enterprise" and "person". */
  readonly subjects: { readonly enterprise: string; readonly person: string };
  /** Calls a method of the project's contract (or of `contract` if given) as `sender`, in a block of its own. */
  call(sender: SandboxAccount, method: string, args?: unknown, opts?: { gas?: number; contract?: string }): CallResult;
  /** An empty block `days` later: alarms that fall due run at its end. */
  advanceDays(days: number): void;
  /** A value the contract stored, or undefined. */
  storage(key: string): unknown;
  /** A credit record (filed by the contract or anyone), or undefined. */
  record(id: number): { status: string; category: string; source: string; submitter: string; occurred: string; [k: string]: unknown } | undefined;
  /** The bank's reviewer publishes (or rejects) records. */
  review(ids: number[], decision?: 'publish' | 'reject'): CallResult;
}

export type Tests = (name: string, fn: (sandbox: Sandbox) => void) => void;

// The limits and the gas table of a contract call. Protocol constants: changing one changes
// what a call costs and whether it fails, so it is a protocol change (a new chain version), not
// a parameter. The one limit governance may move is the gas a call may burn
// (params.contractGasLimit); it stays under MAX_CALL_GAS.

/**
 * Gas for one tick of QuickJS's interrupt counter. The interpreter calls the interrupt handler
 * after a fixed number of counted steps (function calls and backward jumps, 10,000 a tick in the
 * pinned build); each call starts in a fresh runtime and context, so the counter starts from the
 * same value and the ticks of a call are the same on every node (contracts.determinism.test.ts).
 */
export const GAS_PER_TICK = 10_000;
/** A call's fixed cost: a fresh runtime, context and the prelude. */
export const GAS_CALL_BASE = 20_000;
/** Per byte of the contract's code, parsed on every call. */
export const GAS_PER_CODE_BYTE = 1;
/** Any host function. */
export const GAS_HOST_CALL = 1_000;
/** Per byte of a key or value read from storage or the chain. */
export const GAS_PER_BYTE_READ = 10;
/** Per byte of a key or value written to storage (state every node keeps forever). */
export const GAS_PER_BYTE_WRITTEN = 100;
/** Per byte of an emitted event (kept in the transaction's result). */
export const GAS_PER_EVENT_BYTE = 20;
/** Filing a credit record: a record, its subject index and the review queue. */
export const GAS_FILE_RECORD = 200_000;
/** Scheduling an alarm. */
export const GAS_ALARM = 50_000;

/** The most gas one call (with the contracts it calls) may burn, whatever the parameter says. */
export const MAX_CALL_GAS = 1_000_000_000;
/**
 * Bytes one contract runtime may hold. Enforced deterministically at every interpreter tick by
 * QuickJS's own count of the runtime's memory (JS_ComputeMemoryUsage), and per allocation by
 * QuickJS's malloc limit (setMemoryLimit) — in the pinned build malloc_usable_size is unavailable,
 * so that limit refuses any single allocation above it (and more than MEMORY_LIMIT / 8 blocks) but
 * does not add up bytes; the tick check does.
 */
export const MEMORY_LIMIT = 32 * 1024 * 1024;
/** Gas at each tick per byte the runtime holds beyond a fresh context's: walking a big heap costs time. */
export const GAS_PER_HEAP_BYTES = 16;
/** What a fresh context with the prelude holds, not charged for. */
export const HEAP_BASELINE = 512 * 1024;
/**
 * The WebAssembly heap of the whole runtime module may not grow past this (a safety net, not a
 * consensus rule): a contract that allocates faster than ticks come (e.g. huge arrays in a short
 * loop) fails with CONTRACT_OUT_OF_MEMORY when the heap cannot grow, instead of taking the
 * node's memory. Every node runs the same build with the same cap.
 */
export const WASM_HEAP_CAP = 256 * 1024 * 1024;
/**
 * Bytes of stack one runtime may use (QuickJS setMaxStackSize): deep recursion fails here, at
 * about 680 frames of a small function. QuickJS's limit must always be met before the stack of the
 * host's own engine (V8 runs the WebAssembly on its native stack, about 1 MiB by default), or the
 * failure would depend on the node rather than on the contract: 128 KiB a runtime, five runtimes
 * deep (MAX_CALL_DEPTH + 1), still fits in a 400 KiB native stack (measured with node --stack-size).
 */
export const STACK_LIMIT = 128 * 1024;
/** Calls of one contract into another, nested: a transaction's call is depth 1. */
export const MAX_CALL_DEPTH = 4;
/** Largest contract code (JavaScript), in bytes. */
export const MAX_CODE_BYTES = 256 * 1024;
/** Longest storage key, in characters. */
export const MAX_KEY_LENGTH = 128;
/** Largest stored value, call argument or result (canonical CBOR), in bytes. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** Most events one call may emit. */
export const MAX_EVENTS = 64;
/** Most alarms pending for one contract, and for the whole chain. */
export const MAX_ALARMS_PER_CONTRACT = 1_000;
export const MAX_ALARMS = 10_000;
/** Most alarms run at the end of one block; the rest run in the next blocks, in order. */
export const MAX_ALARMS_PER_BLOCK = 100;
/** Deepest nesting of arrays and objects in a value. */
export const MAX_VALUE_DEPTH = 32;

/** The gas table, for docs/contracts.md and `creditchain contract show`. */
export const GAS_TABLE: ReadonlyArray<readonly [string, number, string]> = [
  ['call', GAS_CALL_BASE, 'each call (a transaction, an alarm, or a contract calling another)'],
  ['code byte', GAS_PER_CODE_BYTE, 'per byte of the contract code, parsed on every call'],
  ['interpreter tick', GAS_PER_TICK, 'per tick of the QuickJS interrupt counter (about 10,000 steps)'],
  ['host call', GAS_HOST_CALL, 'each host function called'],
  ['byte read', GAS_PER_BYTE_READ, 'per byte of keys and values read'],
  ['byte written', GAS_PER_BYTE_WRITTEN, 'per byte of keys and values written'],
  ['event byte', GAS_PER_EVENT_BYTE, 'per byte of an emitted event'],
  ['file record', GAS_FILE_RECORD, 'each credit record filed'],
  ['alarm', GAS_ALARM, 'each alarm scheduled'],
];

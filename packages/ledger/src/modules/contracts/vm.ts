// One contract call in QuickJS: a fresh runtime and context with the memory and stack limits, an
// interrupt handler that charges gas per tick, the prelude, the code, the dispatch. Synchronous.
// The QuickJS module (the pinned WebAssembly build) is loaded once by the node and injected:
// this package imports only its types, so the ledger stays free of I/O.
import { CreditChainError, type ErrorCode } from '@creditchain/core';
import type { QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { GAS_CALL_BASE, GAS_HOST_CALL, GAS_PER_CODE_BYTE, GAS_PER_HEAP_BYTES, GAS_PER_TICK, HEAP_BASELINE, MEMORY_LIMIT, STACK_LIMIT, WASM_HEAP_CAP } from './limits.js';
import { callScript } from './prelude.js';

/** The contract runtime a block executes with: QuickJS, loaded once from the pinned build. */
export type ContractVm = QuickJSWASMModule;

const capped = new WeakSet<ContractVm>();

/** Refuses growing the module's WebAssembly heap past WASM_HEAP_CAP (once per module). */
function capHeap(vm: ContractVm): void {
  if (capped.has(vm)) return;
  capped.add(vm);
  const memory = vm.getWasmMemory();
  const grow = memory.grow.bind(memory);
  memory.grow = (pages: number) => {
    if (memory.buffer.byteLength + pages * 65_536 > WASM_HEAP_CAP) throw new RangeError('The contract runtime heap is at its cap.');
    return grow(pages);
  };
}

/** The bytes a runtime holds, as QuickJS counts them (deterministic: a walk of its own objects). */
function heapBytes(rt: ReturnType<ContractVm['newRuntime']>): number {
  // computeMemoryUsage answers in the runtime's own service context (private in 0.32.0, pinned).
  const ctx = (rt as unknown as { getSystemContext(): QuickJSContext }).getSystemContext();
  const h = rt.computeMemoryUsage();
  try {
    const used = ctx.getProp(h, 'memory_used_size');
    try {
      return ctx.getNumber(used);
    } finally {
      used.dispose();
    }
  } finally {
    h.dispose();
  }
}

/** Gas shared by a call and the calls it makes. */
export class GasMeter {
  used = 0;
  constructor(readonly limit: number) {}

  get exhausted(): boolean {
    return this.used >= this.limit;
  }

  get left(): number {
    return this.limit - this.used;
  }

  /** Charges gas; at the limit, throws CONTRACT_OUT_OF_GAS (the call then fails whatever it does). */
  charge(n: number): void {
    this.used = Math.min(this.limit, this.used + n);
    if (this.used >= this.limit) throw this.outOfGas();
  }

  outOfGas(): CreditChainError {
    return new CreditChainError('CONTRACT_OUT_OF_GAS', `The contract call used all of its ${this.limit.toLocaleString('en-US')} gas; its writes were discarded.`, { gas: this.used, limit: this.limit });
  }
}

/**
 * Host functions: each takes strings (JSON text) and returns JSON text or undefined. They throw
 * CreditChainErrors; the contract sees them as errors it may catch, with `code` and `message`.
 */
export type NativeHost = Readonly<Record<string, (...args: string[]) => string | undefined>>;

// Why a call failed, from the VM's error: QuickJS raises these as InternalError.
const LIMIT_ERRORS: Record<string, ErrorCode> = {
  'out of memory': 'CONTRACT_OUT_OF_MEMORY',
  'stack overflow': 'CONTRACT_STACK_OVERFLOW',
};
const MAX_MESSAGE = 500;

function errorInfo(ctx: QuickJSContext, err: QuickJSHandle): { name: string; message: string; code: string | undefined } {
  const read = (prop: string): string | undefined => {
    try {
      const h = ctx.getProp(err, prop);
      try {
        return ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined;
      } finally {
        h.dispose();
      }
    } catch {
      return undefined;
    }
  };
  if (ctx.typeof(err) === 'object') return { name: read('name') ?? 'Error', message: read('message') ?? '', code: read('code') };
  let message = '';
  try {
    message = String(ctx.dump(err));
  } catch {
    // a value that cannot even be read: the message stays empty
  }
  return { name: 'Error', message, code: undefined };
}

/**
 * Runs `method` of the contract `code` with JSON `argsJson`; `env` (JSON) becomes host.contract,
 * host.caller, host.block, host.seed, host.args. Gives the result as JSON text, or throws a
 * CreditChainError naming the limit or the contract's error. Gas is charged to `meter`.
 */
export function runInVm(vm: ContractVm, code: string, method: string, argsJson: string, envJson: string, native: NativeHost, meter: GasMeter): string {
  meter.charge(GAS_CALL_BASE + code.length * GAS_PER_CODE_BYTE);
  capHeap(vm);
  let hostError: CreditChainError | undefined;
  let overMemory = false;
  const rt = vm.newRuntime();
  try {
    rt.setMemoryLimit(MEMORY_LIMIT);
    rt.setMaxStackSize(STACK_LIMIT);
    rt.setInterruptHandler(() => {
      const held = heapBytes(rt);
      meter.used = Math.min(meter.limit, meter.used + GAS_PER_TICK + Math.floor(Math.max(0, held - HEAP_BASELINE) / GAS_PER_HEAP_BYTES));
      if (held > MEMORY_LIMIT) overMemory = true;
      return meter.exhausted || overMemory;
    });
    // No Date: the prelude puts a throwing one in its place.
    const ctx = rt.newContext({ intrinsics: { BaseObjects: true, Date: false, Eval: true, StringNormalize: true, RegExp: true, JSON: true, Proxy: true, MapSet: true, TypedArrays: true, Promise: true } });
    try {
      const nativeObj = ctx.newObject();
      for (const [name, fn] of Object.entries(native)) {
        const f = ctx.newFunction(name, (...handles) => {
          try {
            meter.charge(GAS_HOST_CALL);
            const args = handles.map((h) => (ctx.typeof(h) === 'string' ? ctx.getString(h) : (undefined as unknown as string)));
            const out = fn(...args);
            return out === undefined ? ctx.undefined : ctx.newString(out);
          } catch (e) {
            const err = e instanceof CreditChainError ? e : new CreditChainError('INTERNAL', 'A host function failed.');
            hostError = err;
            const h = ctx.newError({ name: 'HostError', message: err.message });
            const c = ctx.newString(err.code);
            ctx.setProp(h, 'code', c);
            c.dispose();
            return { error: h };
          }
        });
        ctx.setProp(nativeObj, name, f);
        f.dispose();
      }
      ctx.setProp(ctx.global, '__native', nativeObj);
      nativeObj.dispose();
      const envHandle = ctx.newString(envJson);
      ctx.setProp(ctx.global, '__env', envHandle);
      envHandle.dispose();

      const result = ctx.evalCode(callScript(code, method, argsJson), 'contract.js', { type: 'global' });
      if (result.error === undefined) {
        const value = result.value;
        try {
          if (meter.exhausted) throw meter.outOfGas();
          if (ctx.typeof(value) !== 'string') throw new CreditChainError('INTERNAL', 'The contract dispatch returned no text.');
          return ctx.getString(value);
        } finally {
          value.dispose();
        }
      }
      const err = result.error;
      let info: ReturnType<typeof errorInfo>;
      try {
        info = errorInfo(ctx, err);
      } finally {
        err.dispose();
      }
      if (meter.exhausted) throw meter.outOfGas();
      const limit = overMemory ? 'CONTRACT_OUT_OF_MEMORY' : info.name === 'InternalError' ? LIMIT_ERRORS[info.message] : undefined;
      if (limit !== undefined) {
        throw new CreditChainError(limit, limit === 'CONTRACT_OUT_OF_MEMORY' ? `The contract went past the memory limit of ${MEMORY_LIMIT / 1024 / 1024} MiB; its writes were discarded.` : `The contract went past the stack limit of ${STACK_LIMIT / 1024} KiB (too deep a recursion); its writes were discarded.`, { gas: meter.used });
      }
      if (info.name === 'NoMethod') throw new CreditChainError('CONTRACT_NO_METHOD', info.message, { method });
      // A host error the contract did not catch fails the call with the host's own code.
      if (hostError !== undefined && info.code === hostError.code && info.message === hostError.message) throw hostError;
      const message = `${info.name}: ${info.message}`.slice(0, MAX_MESSAGE);
      throw new CreditChainError('CONTRACT_FAILED', `The contract failed: ${message}`, { gas: meter.used, error: message });
    } finally {
      ctx.dispose();
    }
  } finally {
    rt.dispose();
  }
}

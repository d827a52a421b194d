// The contract runtime this node executes blocks with: QuickJS from the one pinned build
// (@jitl/quickjs-wasmfile-release-sync, exact version in package.json), so every node runs the
// same interpreter and counts the same gas. Loading it is asynchronous (it compiles WebAssembly)
// and happens once, when this module is first imported — before any chain is opened — so block
// execution, which is synchronous, always has it (a top-level await: a module that imports
// chain.ts waits for it, about 20 ms).
import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-wasmfile-release-sync';
import type { ContractVm } from '@creditchain/ledger';

/** A new instance of the runtime (its own WebAssembly memory). */
export function loadContractVm(): Promise<ContractVm> {
  // The package's types describe its CommonJS build; imported as ESM, its default is the variant.
  return newQuickJSWASMModuleFromVariant(variant as unknown as Parameters<typeof newQuickJSWASMModuleFromVariant>[0]);
}

/** The node's runtime, shared by every chain this process opens. */
export const contractVm: ContractVm = await loadContractVm();

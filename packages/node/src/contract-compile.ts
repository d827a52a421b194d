// TypeScript contract source → the JavaScript the chain stores: one file, CommonJS (each export a
// method), ES2022, types erased by the `typescript` package's transpileModule — no type check and
// no bundling, so what is deployed is exactly that file's code (imports of types only; a
// contract that imports code fails when it loads: there is no `require`). The source's hash goes
// on chain with the code; the source itself stays with its author (a sidecar would be erasable,
// and the code, not the source, is what runs), so anyone holding it can check it compiles to the
// deployed code.
import ts from 'typescript';
import { CreditChainError, utf8, type CryptoSuite } from '@creditchain/core';

export interface CompiledContract {
  readonly code: string;
  /** The chain's hash of the source text (UTF-8). */
  readonly sourceHash: Uint8Array;
}

export function compileContract(suite: CryptoSuite, source: string, file = 'contract.ts'): CompiledContract {
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, removeComments: false, sourceMap: false },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const first = errors[0]!;
    const where = first.file !== undefined && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : undefined;
    const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
    throw new CreditChainError('CLI_BAD_ARGUMENT', `${file}${where === undefined ? '' : `:${where.line + 1}:${where.character + 1}`}: ${text}`, { file });
  }
  return { code: out.outputText, sourceHash: suite.hash(utf8(source)) };
}

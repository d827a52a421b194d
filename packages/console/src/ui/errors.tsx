// How a failure is shown: the SDK's sentence for people and its stable code, as the CLI prints
// them ("message (CODE)"), so a person can quote the code when asking for help.
import { isCreditChainError } from '@creditchain/core';

export interface Failure {
  readonly message: string;
  readonly code?: string;
}

export function failureOf(e: unknown): Failure {
  if (isCreditChainError(e)) return { message: e.message, code: e.code };
  return { message: e instanceof Error ? e.message : String(e) };
}

export function ErrorNote({ failure, title }: { failure: Failure; title?: string }) {
  return (
    <div className="note note-error" role="alert">
      {title !== undefined && <strong>{title} </strong>}
      {failure.message}
      {failure.code !== undefined && <> (<code>{failure.code}</code>)</>}
    </div>
  );
}

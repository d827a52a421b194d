// What the CLI says: results on stdout, progress and errors on stderr. Every error a user can
// cause is a sentence and a code, never a stack trace.
import { CreditChainError } from '@creditchain/core';
import { InvalidArgumentError } from 'commander';

// A reader that stops reading (`creditchain … | head -1`) closes the pipe: the command has
// nothing more to say to it, so it ends quietly instead of with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A wrong or missing command-line argument. */
export function badArgument(message: string, details?: Record<string, unknown>): CreditChainError {
  return new CreditChainError('CLI_BAD_ARGUMENT', message, details);
}

/** A file that cannot be read or written, in a sentence. */
export function fileError(e: unknown, path: string, doing: 'read' | 'write' | 'create'): CreditChainError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? (doing === 'read' ? 'there is no such file' : 'its folder does not exist') :
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' :
    code === 'EISDIR' ? 'it is a folder, not a file' :
    code === 'EEXIST' ? 'it already exists (remove it or choose another name)' :
    code === 'ENOSPC' ? 'the disk is full' :
    (e as Error).message;
  return new CreditChainError('CLI_FILE_ERROR', `Cannot ${doing} ${path}: ${why}.`, { path, ...(code === undefined ? {} : { cause: code }) });
}

/** The one line printed for an error that ends a command. */
export function describeError(e: unknown): string {
  if (e instanceof CreditChainError) return `error: ${e.message} (${e.code})`;
  const err = e as { code?: string; message?: string; port?: number; address?: string; syscall?: string; path?: string; stack?: string };
  if (err?.code === 'EADDRINUSE') return `error: The port ${err.port ?? ''} is already in use (is another node running?); choose another with --port.`;
  if (err?.code === 'EACCES' && err.syscall === 'listen') return `error: Not allowed to listen on port ${err.port ?? ''}; choose a port above 1023 with --port.`;
  if (err?.code === 'EADDRNOTAVAIL') return `error: The address ${err.address ?? ''} is not one of this machine's; check --host.`;
  if (typeof err?.path === 'string' && typeof err.code === 'string' && err.code.startsWith('E')) {
    const fe = fileError(e, err.path, 'read');
    return `error: ${fe.message} (${fe.code})`;
  }
  const debug = process.env.CREDITCHAIN_DEBUG !== undefined && process.env.CREDITCHAIN_DEBUG !== '' && process.env.CREDITCHAIN_DEBUG !== '0';
  if (debug && err?.stack !== undefined) return `error: ${err.stack}`;
  return `error: ${err?.message ?? String(e)} (unexpected; set CREDITCHAIN_DEBUG=1 to see where)`;
}

/** Commander option parser for a TCP port. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n > 65535) throw new InvalidArgumentError('A port is a whole number from 0 to 65535.');
  return n;
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

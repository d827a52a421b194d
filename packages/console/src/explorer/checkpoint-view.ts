// A signed checkpoint as the explorer shows it: the C2SP checkpoint it carries, and each
// signature line with whether a key of this network verified it. Verification is the core's
// `openNote`; the lines are only read here to list the signatures it did not verify too.
import { fromBase64, openNote, parseCheckpoint, toHex, type Checkpoint } from '@creditchain/core';
import { failureOf, type Failure } from '../ui/errors.js';

export interface NoteSignature {
  readonly name: string;
  /** The signature's key hint: the first 4 bytes, hex (C2SP signed-note key id). */
  readonly keyId: string;
  readonly verified: boolean;
}

export interface CheckpointView {
  readonly checkpoint?: Checkpoint;
  readonly signatures: readonly NoteSignature[];
  /** Why no signature verified, when none did. */
  readonly failure?: Failure;
}

function signatureLines(note: string): { name: string; keyId: string }[] {
  const blank = note.lastIndexOf('\n\n');
  if (blank < 0) return [];
  return note
    .slice(blank + 2)
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .map((line) => {
      const [, name = '', sig = ''] = line.split(' ');
      let keyId = '';
      try {
        keyId = toHex(fromBase64(sig).subarray(0, 4));
      } catch {
        // Not base64: shown without a key id; openNote refuses such a note anyway.
      }
      return { name, keyId };
    });
}

export function viewCheckpoint(note: string, trustedKeys: readonly string[]): CheckpointView {
  const lines = signatureLines(note);
  try {
    const opened = openNote(note, trustedKeys);
    const verified = new Set(opened.verifiedBy);
    return { checkpoint: parseCheckpoint(opened.text), signatures: lines.map((l) => ({ ...l, verified: verified.has(l.name) })) };
  } catch (e) {
    return { signatures: lines.map((l) => ({ ...l, verified: false })), failure: failureOf(e) };
  }
}

// A network's checkpoint is certified when validators holding more than 2/3 of the voting power
// signed it (the node gathers their signatures from CometBFT's vote extensions into one note).
// This checks such a note against a validator set — each validator's note verifier key and power,
// as `creditchain network init` writes them to validators.json and GET /v1/validators serves
// them — with nothing of CometBFT's own formats.
import { CreditChainError, openNote, parseVerifierKey, type OpenedNote } from '@creditchain/core';

export interface ValidatorKey {
  /** The validator's note verifier key (name+keyid+key). */
  readonly key: string;
  readonly power: number;
}

export interface QuorumOpened extends OpenedNote {
  readonly signedPower: number;
  readonly totalPower: number;
}

/** Reads a validator set: a list of {key, power}, or {validators: [...]} (validators.json). */
export function parseValidatorKeys(json: unknown): ValidatorKey[] {
  const list = Array.isArray(json) ? json : (json as { validators?: unknown } | null)?.validators;
  if (!Array.isArray(list) || list.length === 0) throw new CreditChainError('CRYPTO_BAD_KEY', 'A validator set is a non-empty list of {key, power}: each validator\'s note verifier key and voting power.');
  return list.map((v: { key?: unknown; power?: unknown }, i) => {
    if (typeof v?.key !== 'string') throw new CreditChainError('CRYPTO_BAD_KEY', `Validator ${i} has no verifier key ("key").`);
    parseVerifierKey(v.key);
    if (!Number.isSafeInteger(v.power) || (v.power as number) < 1) throw new CreditChainError('CRYPTO_BAD_KEY', `Validator ${i} needs a whole voting power of at least 1.`);
    return { key: v.key, power: v.power as number };
  });
}

/** Opens a note that validators holding more than 2/3 of the power must have signed, or throws CHECKPOINT_NO_QUORUM. */
export function openQuorumNote(note: string, validators: readonly ValidatorKey[]): QuorumOpened {
  const powerOf = new Map(validators.map((v) => [parseVerifierKey(v.key).name, v.power]));
  const totalPower = validators.reduce((n, v) => n + v.power, 0);
  let opened: OpenedNote;
  try {
    opened = openNote(note, validators.map((v) => v.key));
  } catch (e) {
    if (e instanceof CreditChainError && e.code === 'CHECKPOINT_BAD_SIGNATURE') {
      throw new CreditChainError('CHECKPOINT_NO_QUORUM', `The checkpoint is signed by none of the ${validators.length} validators: ${e.message}`, { signedPower: 0, totalPower });
    }
    throw e;
  }
  const signedPower = opened.verifiedBy.reduce((n, name) => n + (powerOf.get(name) ?? 0), 0);
  if (signedPower * 3 <= totalPower * 2) {
    throw new CreditChainError(
      'CHECKPOINT_NO_QUORUM',
      `The checkpoint is signed by validators holding ${signedPower} of ${totalPower} voting power (${opened.verifiedBy.join(', ')}); more than 2/3 must sign. A receipt fetched at once may carry one node's signature only: fetch it again.`,
      { signedPower, totalPower },
    );
  }
  return { ...opened, signedPower, totalPower };
}

// Proofs from a network carry its validators' certificate. A proof is made at once against the
// head's state root and checkpoint (signed by this node alone). If a certified checkpoint already
// holds the same state root — a quiet network's head changes nothing after the last certified
// block — the proof points to it. Otherwise the head's certificate comes in the next block, about
// one block time later, and the reply waits for it (a few seconds at most). If none comes in
// time, the node's own stays: the proof is still valid, and a verifier that asks for the
// validators' quorum says so.
import { toHex } from '@creditchain/core';
import type { Chain } from '../chain.js';
import { tally, validatorTable } from '../abci/certificates.js';

/** A proof's anchor in a reply: the height and state root it proves, and the checkpoint of that height. */
interface ProofAnchor {
  height: number;
  stateRoot: string;
  checkpoint: string;
}

function isAnchor(v: unknown): v is ProofAnchor {
  const o = v as Partial<ProofAnchor> | null;
  return typeof o === 'object' && o !== null && typeof o.height === 'number' && typeof o.stateRoot === 'string' && typeof o.checkpoint === 'string';
}

function anchorsIn(value: unknown, found: ProofAnchor[] = [], depth = 0): ProofAnchor[] {
  if (depth > 6 || typeof value !== 'object' || value === null) return found;
  if (isAnchor(value)) found.push(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) anchorsIn(v, found, depth + 1);
  return found;
}

/** The stored checkpoint of `height` if a quorum of the validators signed it. */
export function certifiedNote(chain: Chain, height: number): string | undefined {
  const note = chain.storage.getCheckpoint(height);
  const header = chain.header(height);
  if (note === undefined || header === undefined) return undefined;
  const text = chain.checkpointText(header);
  const lines = note.slice(text.length + 1).split(/(?<=\n)/).filter((l) => l !== '');
  return tally(text, lines, validatorTable(chain.suite, chain.storage)).quorum ? note : undefined;
}

/** A certified checkpoint for the anchor's state: of its own height, or the latest certified one with the same state root. */
function certify(chain: Chain, a: ProofAnchor): boolean {
  const own = certifiedNote(chain, a.height);
  if (own !== undefined) {
    a.checkpoint = own;
    return true;
  }
  const c = chain.certifiedHeight;
  const header = c === undefined ? undefined : chain.header(c);
  if (c === undefined || header === undefined || toHex(header.stateRoot) !== a.stateRoot) return false;
  const note = certifiedNote(chain, c);
  if (note === undefined) return false;
  a.height = c;
  a.checkpoint = note;
  return true;
}

/**
 * Waits (up to `ms`) until `done()` holds. A certificate arrives only with a committed block, so
 * `done` is asked again only when a new one is stored — not on every poll: it may verify
 * signatures.
 */
export async function untilCertified(chain: Chain, done: () => boolean, ms = 5000): Promise<void> {
  let seen = chain.certifiedHeight;
  if (done()) return;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    if (chain.certifiedHeight === seen) continue;
    seen = chain.certifiedHeight;
    if (done()) return;
  }
}

/** Gives every proof in `reply` a certified checkpoint of its state, waiting up to `waitMs` for one. */
export async function certifyProofs(chain: Chain, reply: unknown, waitMs = 5000): Promise<void> {
  let pending = anchorsIn(reply);
  await untilCertified(chain, () => (pending = pending.filter((a) => !certify(chain, a))).length === 0, waitMs);
}

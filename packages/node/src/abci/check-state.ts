// CheckTx's view of the chain: the committed state, plus the next nonce of each sender whose
// transactions wait in CometBFT's mempool — so a sender's next transaction is checked against
// the nonce after its last pending one, even while earlier ones are still waiting.
//
// After each Commit, CometBFT re-checks what is left in its mempool (the "recheck"), but a new
// transaction may be checked before the recheck reaches that sender's waiting ones; so the
// pending nonces are not cleared at Commit. A sender's entry goes only when the chain has caught
// up with it; a waiting transaction that fails its recheck (expired, say) leaves the mempool, and
// the sender's next nonce falls back to it, so later ones are not refused for a gap that no
// longer exists. A recheck of a transaction this node admitted checks again only what a block
// can change (recheckKnown). Signatures are verified once per transaction: at the first check, or by this
// node's API before it broadcast the transaction, or by the verification threads as the request
// arrived (`verified`).
import { CreditChainError, decodeSignedTx, toHex, type DecodedTx } from '@creditchain/core';
import { badNonce, checkNotExpired, checkTxStateful, checkTxStateless, readAccount, readParams } from '@creditchain/ledger';
import type { Chain } from '../chain.js';
import { VERIFIED } from '../verify-batch.js';
import type { VerifyPool } from '../verify-pool.js';
import { isCertificateTx } from './certificates.js';

/** How many transactions this node remembers having verified the signatures of. */
const VERIFIED_LIMIT = 200_000;

interface Waiting {
  readonly id: Uint8Array;
  readonly sender: string;
  readonly nonce: number;
  readonly expires: number;
}

export class CheckState {
  private readonly next = new Map<string, number>();
  /**
   * Transactions whose signatures this process verified, oldest first, by the hash of their
   * whole signed bytes — not their id, which hashes the body alone: the same body under a forged
   * signature must not pass as verified.
   */
  private readonly verified = new Set<string>();
  /** Decoded transactions by their bytes object (`decode`). */
  private readonly decoded = new WeakMap<Uint8Array, DecodedTx>();
  /** Transactions this node admitted to CometBFT's mempool, by the same key: what a recheck needs. */
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly chain: Chain) {}

  /**
   * Checks a transaction for CometBFT's mempool and counts its nonce, or throws why not. A
   * recheck asks whether a transaction already waiting may still go in a block: its nonce must
   * not be used yet, and it must still be valid; the pending nonces are not counted again.
   */
  admit(bytes: Uint8Array, opts: { recheck: boolean }): { readonly id: Uint8Array } {
    if (!opts.recheck) {
      const tx = this.check(bytes, this.expected.bind(this));
      this.next.set(tx.body.sender, tx.body.nonce + 1);
      this.rememberWaiting(this.signedKey(tx), { id: tx.id, sender: tx.body.sender, nonce: tx.body.nonce, expires: tx.body.expires });
      return tx;
    }
    const signed = toHex(this.chain.suite.hash(bytes));
    const known = this.waiting.get(signed);
    const tx = known ?? (() => {
      const d = this.decode(bytes);
      return { id: d.id, sender: d.body.sender, nonce: d.body.nonce, expires: d.body.expires };
    })();
    try {
      if (known !== undefined) return this.recheckKnown(known);
      // Its own nonce is expected if the chain has not used it yet.
      const checked = this.check(bytes, (sender) => Math.max(this.committedNonce(sender), tx.nonce));
      this.rememberWaiting(signed, tx);
      return checked;
    } catch (e) {
      this.waiting.delete(signed);
      // A waiting transaction the chain has not used leaves the mempool: its nonce is next again.
      const n = this.next.get(tx.sender);
      if (n !== undefined && tx.nonce < n && tx.nonce >= this.committedNonce(tx.sender)) this.next.set(tx.sender, tx.nonce);
      throw e;
    }
  }

  /**
   * The recheck of a transaction this node admitted: after a block, CometBFT asks again about
   * every transaction still in its mempool — thousands per block under load, on every member —
   * and what a block can change for a well-formed, signed transaction is whether it is on the
   * chain now, whether its sender's nonce passed it, and whether it expired. So only that is
   * checked again; a key revoked or a permission withdrawn since is found when its block
   * executes, which records the failure as for any transaction.
   */
  private recheckKnown(tx: Waiting): { readonly id: Uint8Array } {
    this.notOnChain(tx.id);
    const committed = this.committedNonce(tx.sender);
    if (tx.nonce < committed) throw badNonce(tx.sender, committed, tx.nonce);
    checkNotExpired(tx.expires, this.chain.head.header.height + 1);
    return tx;
  }

  private notOnChain(id: Uint8Array): void {
    if (this.chain.storage.getTxLocation(id) !== undefined) {
      throw new CreditChainError('TX_DUPLICATE', `Transaction ${toHex(id)} is already on the chain.`, { id: toHex(id) });
    }
  }

  private rememberWaiting(signed: string, tx: Waiting): void {
    this.waiting.set(signed, tx);
    if (this.waiting.size > VERIFIED_LIMIT) this.waiting.delete(this.waiting.keys().next().value!);
  }

  /**
   * The same checks without counting the nonce: this node's API answers at once before
   * broadcasting. `ahead` holds the next nonce of senders with transactions checked here just
   * before this one and not yet through CheckTx (one request's batch, broadcast together).
   */
  peek(bytes: Uint8Array, ahead?: ReadonlyMap<string, number>): DecodedTx {
    return this.check(bytes, (sender) => ahead?.get(sender) ?? this.expected(sender));
  }

  /**
   * After a commit: the block's transactions leave CometBFT's mempool, and senders whose waiting
   * transactions all went in a block are forgotten.
   */
  committed(txs: readonly DecodedTx[] = []): void {
    for (const tx of txs) this.waiting.delete(this.signedKey(tx));
    for (const [sender, n] of this.next) if (n <= this.committedNonce(sender)) this.next.delete(sender);
  }

  private check(bytes: Uint8Array, expected: (sender: string) => number): DecodedTx {
    const { suite, genesis, storage } = this.chain;
    const tx = this.decode(bytes);
    this.notOnChain(tx.id);
    const signed = this.signedKey(tx);
    checkTxStateless(suite, genesis, tx, { verifySignatures: !this.verified.has(signed), protocolVersion: () => readParams(suite, storage).protocolVersion });
    this.remember(signed);
    checkTxStateful(suite, genesis, storage, tx, this.chain.head.header.height + 1, expected(tx.body.sender));
    return tx;
  }

  private expected(sender: string): number {
    return Math.max(this.next.get(sender) ?? 0, this.committedNonce(sender));
  }

  private committedNonce(sender: string): number {
    return readAccount(this.chain.suite, this.chain.storage, sender)?.nonce ?? 0;
  }

  /** Whether this process verified the signatures of exactly these signed bytes. */
  hasVerified(tx: DecodedTx): boolean {
    return this.verified.has(this.signedKey(tx));
  }

  /**
   * Takes the verification threads' verdicts (verify-pool.ts) for these transactions: each one
   * VERIFIED counts as verified by this process. Any other verdict is left alone, so the check
   * (or the ledger, in a block) verifies that one itself and refuses it with the exact error.
   */
  private recordVerdicts(txs: readonly DecodedTx[], verdicts: Int32Array): void {
    txs.forEach((tx, i) => {
      if (verdicts[i] === VERIFIED) this.remember(this.signedKey(tx));
    });
  }

  /**
   * Sends the signatures of those of these transactions this process has not verified to the
   * verification threads (verify-pool.ts), all at once, when they are up; resolves once their
   * verdicts are taken: each one VERIFIED counts as verified by this process. Any other verdict
   * is left alone, so the check (or the ledger, in a block) verifies that one itself and refuses
   * it with the exact error. Undefined when there is nothing to send; never rejects (what the
   * threads could not do is verified inline).
   */
  verifyAhead(verifier: VerifyPool | undefined, list: readonly Uint8Array[]): Promise<void> | undefined {
    if (verifier === undefined || list.length === 0) return undefined;
    const txs: DecodedTx[] = [];
    for (const bytes of list) {
      if (isCertificateTx(bytes)) continue;
      try {
        const tx = this.decode(bytes);
        if (!this.hasVerified(tx)) txs.push(tx);
      } catch {
        // Refused in its turn, with its error.
      }
    }
    if (txs.length === 0 || !verifier.warm(txs.length)) return undefined;
    return verifier.verify(txs).then(
      ({ verdicts }) => this.recordVerdicts(txs, verdicts),
      () => {},
    );
  }

  /**
   * Decodes signed transaction bytes, once per bytes object: a transaction arriving in a request
   * is decoded for the verification threads, then again by its check or its block's execution,
   * which are handed the very same bytes.
   */
  decode(bytes: Uint8Array): DecodedTx {
    let tx = this.decoded.get(bytes);
    if (tx === undefined) {
      tx = decodeSignedTx(this.chain.suite, bytes);
      this.decoded.set(bytes, tx);
    }
    return tx;
  }

  private signedKey(tx: DecodedTx): string {
    return toHex(this.chain.suite.hash(tx.bytes));
  }

  private remember(id: string): void {
    if (this.verified.has(id)) return;
    this.verified.add(id);
    if (this.verified.size > VERIFIED_LIMIT) this.verified.delete(this.verified.values().next().value!);
  }
}

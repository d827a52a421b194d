// Building and signing the identity and governance transactions on the client side, on top of
// `buildTx`. Each payload is checked by the ledger's own stateless readers before it is signed,
// so a malformed one is refused here with the sentence the node would give.
import { CreditChainError, readBytes, readUint, type CborMap, type CborValue, type DecodedTx } from '@creditchain/core';
import { parseProposal, readKeySpec, readKeySpecs, readKind, readName, readRoles, readThreshold } from '@creditchain/ledger';
import { buildTx, type TxSigner } from './anchor-tx.js';
import type { KeyPair } from './keys.js';

/** A public key as an account holds it: its signature algorithm and bytes. */
export interface PublicKeyInput {
  readonly alg: string;
  readonly key: Uint8Array;
}

/** The public half of a key pair, as an account key. */
export function accountKeyOf(kp: KeyPair): PublicKeyInput {
  return { alg: kp.suite.signature.id, key: kp.publicKey };
}

export interface OrgInput {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** The weight of its vote in governance. */
  readonly weight: number;
  /** Roles its accounts may hold. */
  readonly roles: readonly string[];
  readonly categories?: readonly string[];
}

/** What a governance proposal proposes, by kind. */
export type ProposalInput =
  | { readonly kind: 'admit-org'; readonly org: OrgInput; readonly admin: { readonly name: string; readonly keys: readonly PublicKeyInput[]; readonly threshold?: number } }
  | { readonly kind: 'update-org'; readonly id: string; readonly name?: string; readonly weight?: number; readonly roles?: readonly string[]; readonly categories?: readonly string[] }
  | { readonly kind: 'suspend-org' | 'reinstate-org' | 'retire-org'; readonly id: string }
  | { readonly kind: 'set-param'; readonly name: string; readonly value: number }
  | { readonly kind: 'set-validators'; readonly validators: ReadonlyArray<{ readonly name: string; readonly key: Uint8Array; readonly power: number }> }
  /** A record category, as GET /v1/categories lists them (see docs/protocol.md, "Credit records"). */
  | { readonly kind: 'set-category'; readonly category: CborMap }
  /** A scoring model with a version above the latest, as GET /v1/scoring-models lists them. */
  | { readonly kind: 'set-scoring-model'; readonly model: CborMap };

const keyValue = (k: PublicKeyInput): CborMap => ({ alg: k?.alg, key: k?.key });

/** A map without its undefined fields (optional fields are left out, never sent as null). */
function defined(m: Record<string, CborValue | undefined>): CborMap {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as CborMap;
}

function proposalPayload(p: ProposalInput): CborMap {
  switch (p.kind) {
    case 'admit-org': {
      const { org, admin } = p;
      return {
        org: { id: org?.id, name: org?.name, type: org?.type, weight: org?.weight, roles: [...(org?.roles ?? [])], categories: [...(org?.categories ?? [])] },
        admin: defined({ name: admin?.name, keys: (admin?.keys ?? []).map(keyValue), threshold: admin?.threshold }),
      };
    }
    case 'update-org':
      return defined({ id: p.id, name: p.name, weight: p.weight, roles: p.roles === undefined ? undefined : [...p.roles], categories: p.categories === undefined ? undefined : [...p.categories] });
    case 'suspend-org':
    case 'reinstate-org':
    case 'retire-org':
      return { id: p.id };
    case 'set-param':
      return { name: p.name, value: p.value };
    case 'set-validators':
      return { validators: (p.validators ?? []).map((v) => ({ name: v?.name, key: v?.key, power: v?.power })) };
    case 'set-category':
      return { category: p.category };
    case 'set-scoring-model':
      return { model: p.model };
  }
}

/** governance.propose: a proposal the organisations then vote on (the sender needs the admin role). */
export function proposeTx(input: TxSigner & { readonly proposal: ProposalInput }): DecodedTx {
  const kind = readKind(input.proposal?.kind);
  const proposal = proposalPayload(input.proposal);
  parseProposal(kind, proposal);
  return buildTx({ ...input, module: 'governance', action: 'propose', payload: { kind, proposal } });
}

/** governance.vote: the sender's organisation votes yes or no on an open proposal. */
export function voteTx(input: TxSigner & { readonly proposal: number; readonly vote: 'yes' | 'no' }): DecodedTx {
  const proposal = readUint(input.proposal, 'payload.proposal');
  if (input.vote !== 'yes' && input.vote !== 'no') throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.vote must be "yes" or "no".');
  return buildTx({ ...input, module: 'governance', action: 'vote', payload: { proposal, vote: input.vote } });
}

/** identity.create-account: an account in the sender's organisation (the sender needs the admin role). */
export function createAccountTx(
  input: TxSigner & { readonly name: string; readonly roles: readonly string[]; readonly keys: readonly PublicKeyInput[]; readonly threshold?: number },
): DecodedTx {
  const payload = defined({ name: input.name, roles: [...(input.roles ?? [])], keys: (input.keys ?? []).map(keyValue), threshold: input.threshold });
  readName(payload.name, 'payload.name');
  readRoles(payload.roles, 'payload.roles');
  readThreshold(payload.threshold, 'payload.threshold', readKeySpecs(payload.keys, 'payload.keys').length);
  return buildTx({ ...input, module: 'identity', action: 'create-account', payload });
}

/** identity.set-roles: the roles of an account of the sender's organisation. */
export function setRolesTx(input: TxSigner & { readonly account: string; readonly roles: readonly string[] }): DecodedTx {
  const payload = { account: input.account, roles: [...(input.roles ?? [])] };
  readName(payload.account, 'payload.account');
  readRoles(payload.roles, 'payload.roles');
  return buildTx({ ...input, module: 'identity', action: 'set-roles', payload });
}

/** identity.add-key: one more key for an account (its own, or, as admin, one of its organisation's). */
export function addKeyTx(input: TxSigner & { readonly account: string; readonly key: PublicKeyInput }): DecodedTx {
  const payload = { account: input.account, key: keyValue(input.key) };
  readName(payload.account, 'payload.account');
  readKeySpec(payload.key, 'payload.key');
  return buildTx({ ...input, module: 'identity', action: 'add-key', payload });
}

/**
 * identity.rotate-key: replaces the key `old` of an account by `key`; the old key stays valid
 * until height `until`, so transactions already signed with it still go through.
 */
export function rotateKeyTx(input: TxSigner & { readonly account: string; readonly old: Uint8Array; readonly key: PublicKeyInput; readonly until: number }): DecodedTx {
  const payload = { account: input.account, old: input.old, key: keyValue(input.key), until: input.until };
  readName(payload.account, 'payload.account');
  readBytes(payload.old, 'payload.old', undefined, 4096);
  readKeySpec(payload.key, 'payload.key');
  readUint(payload.until, 'payload.until');
  return buildTx({ ...input, module: 'identity', action: 'rotate-key', payload });
}

/** identity.revoke-key: removes a key of an account at once; later transactions signed by it are refused. */
export function revokeKeyTx(input: TxSigner & { readonly account: string; readonly key: Uint8Array }): DecodedTx {
  const payload = { account: input.account, key: input.key };
  readName(payload.account, 'payload.account');
  readBytes(payload.key, 'payload.key', undefined, 4096);
  return buildTx({ ...input, module: 'identity', action: 'revoke-key', payload });
}

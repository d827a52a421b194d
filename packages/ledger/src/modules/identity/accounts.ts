// identity.create-account, identity.set-roles, identity.bind-subject: accounts are created by
// their organisation's admin, or — for a subject — by a registrar who checked its identity.
import { CreditChainError, readBytes, readMap } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import { checkRolesFor, readKeySpecs, readName, readRoles, readThreshold, type KeySpec } from './payload.js';
import type { Role } from './roles.js';
import { IDENTITY_MODULE, readAccount, readOrg, writeAccount, type Account, type Org } from './state.js';

/** The sender's own account and organisation (authorize() has checked both exist and are active). */
export function senderOrg(ctx: ActionContext): { account: Account; org: Org } {
  const account = readAccount(ctx.suite, ctx.state, ctx.sender)!;
  const org = account.org === null ? undefined : readOrg(ctx.suite, ctx.state, account.org);
  if (org === undefined) throw new CreditChainError('PERMISSION_DENIED', `Account "${ctx.sender}" belongs to no organisation.`);
  return { account, org };
}

function mustBeNew(ctx: ActionContext, name: string): void {
  if (readAccount(ctx.suite, ctx.state, name) !== undefined) {
    throw new CreditChainError('ACCOUNT_EXISTS', `An account named "${name}" already exists.`, { name });
  }
}

export function newAccount(name: string, org: string | null, subject: Uint8Array | null, roles: readonly Role[], keys: readonly KeySpec[], threshold: number): Account {
  return { name, org, subject, roles, keys: keys.map((k) => ({ alg: k.alg, key: k.key, until: null })), threshold, nonce: 0 };
}

interface CreateAccount {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly keys: readonly KeySpec[];
  readonly threshold: number;
}

export const createAccountAction: ActionDef<CreateAccount> = {
  module: IDENTITY_MODULE,
  action: 'create-account',
  parse(payload) {
    const m = readMap(payload, 'payload', ['name', 'roles', 'keys'], ['threshold']);
    const keys = readKeySpecs(m.keys, 'payload.keys');
    return { name: readName(m.name, 'payload.name'), roles: readRoles(m.roles, 'payload.roles'), keys, threshold: readThreshold(m.threshold, 'payload.threshold', keys.length) };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    mustBeNew(ctx, p.name);
    checkRolesFor(org, p.roles);
    writeAccount(ctx.suite, ctx.state, newAccount(p.name, org.id, null, p.roles, p.keys, p.threshold));
    return { data: { account: p.name, org: org.id } };
  },
};

export const setRolesAction: ActionDef<{ account: string; roles: readonly Role[] }> = {
  module: IDENTITY_MODULE,
  action: 'set-roles',
  parse(payload) {
    const m = readMap(payload, 'payload', ['account', 'roles']);
    return { account: readName(m.account, 'payload.account'), roles: readRoles(m.roles, 'payload.roles') };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const target = readAccount(ctx.suite, ctx.state, p.account);
    if (target === undefined || target.org !== org.id) {
      throw new CreditChainError('PERMISSION_DENIED', `An admin may set roles only on accounts of its own organisation "${org.id}"; "${p.account}" is not one.`, { account: p.account });
    }
    checkRolesFor(org, p.roles);
    writeAccount(ctx.suite, ctx.state, { ...target, roles: p.roles });
    return { data: { account: p.account, roles: [...p.roles] } };
  },
};

interface BindSubject {
  readonly name: string;
  readonly subject: Uint8Array;
  readonly keys: readonly KeySpec[];
}

export const bindSubjectAction: ActionDef<BindSubject> = {
  module: IDENTITY_MODULE,
  action: 'bind-subject',
  parse(payload) {
    const m = readMap(payload, 'payload', ['name', 'subject', 'keys']);
    return { name: readName(m.name, 'payload.name'), subject: readBytes(m.subject, 'payload.subject', 32), keys: readKeySpecs(m.keys, 'payload.keys') };
  },
  execute(ctx, p) {
    if (ctx.sidecars.length === 0) {
      throw new CreditChainError('TX_BAD_PAYLOAD', 'Binding a subject needs the commitment of the identity evidence the registrar checked, as a sidecar.');
    }
    mustBeNew(ctx, p.name);
    writeAccount(ctx.suite, ctx.state, newAccount(p.name, null, p.subject, [], p.keys, 1));
    return { data: { account: p.name, evidence: ctx.sidecars[0]! } };
  },
};

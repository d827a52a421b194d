// identity.add-key, rotate-key, revoke-key, set-threshold: an account manages its own keys, and
// an organisation's admin manages its accounts' keys. A revoked key stops at once; a rotated
// key stays valid until the height named, so in-flight transactions are not stranded.
import { CreditChainError, equalBytes, readBytes, readMap, readUint, toHex } from '@creditchain/core';
import type { ActionContext, ActionDef } from '../../action.js';
import { readKeySpec, readName, type KeySpec } from './payload.js';
import { IDENTITY_MODULE, MAX_ACCOUNT_KEYS, readAccount, writeAccount, type Account } from './state.js';

/** The target account, if the sender may manage its keys: itself, or its organisation's admin. */
function managed(ctx: ActionContext, name: string): Account {
  const target = readAccount(ctx.suite, ctx.state, name);
  if (target === undefined) throw new CreditChainError('TX_UNKNOWN_SENDER', `There is no account named "${name}".`, { account: name });
  if (name === ctx.sender) return target;
  const sender = readAccount(ctx.suite, ctx.state, ctx.sender)!;
  if (sender.org !== null && sender.org === target.org && sender.roles.includes('admin')) return target;
  throw new CreditChainError('PERMISSION_DENIED', `Account "${ctx.sender}" may manage the keys of "${name}" only as an admin of its organisation.`, { account: name });
}

function hasKey(a: Account, key: Uint8Array): boolean {
  return a.keys.some((k) => equalBytes(k.key, key));
}

export const addKeyAction: ActionDef<{ account: string; key: KeySpec }> = {
  module: IDENTITY_MODULE,
  action: 'add-key',
  parse(payload) {
    const m = readMap(payload, 'payload', ['account', 'key']);
    return { account: readName(m.account, 'payload.account'), key: readKeySpec(m.key, 'payload.key') };
  },
  execute(ctx, p) {
    const a = managed(ctx, p.account);
    if (hasKey(a, p.key.key)) throw new CreditChainError('KEY_EXISTS', `Account "${a.name}" already holds that key.`);
    if (a.keys.length >= MAX_ACCOUNT_KEYS) throw new CreditChainError('TX_BAD_PAYLOAD', `An account holds at most ${MAX_ACCOUNT_KEYS} keys.`);
    writeAccount(ctx.suite, ctx.state, { ...a, keys: [...a.keys, { alg: p.key.alg, key: p.key.key, until: null }] });
    return { data: { account: a.name, keys: a.keys.length + 1 } };
  },
};

export const rotateKeyAction: ActionDef<{ account: string; old: Uint8Array; key: KeySpec; until: number }> = {
  module: IDENTITY_MODULE,
  action: 'rotate-key',
  parse(payload) {
    const m = readMap(payload, 'payload', ['account', 'old', 'key', 'until']);
    return { account: readName(m.account, 'payload.account'), old: readBytes(m.old, 'payload.old', undefined, 4096), key: readKeySpec(m.key, 'payload.key'), until: readUint(m.until, 'payload.until') };
  },
  execute(ctx, p) {
    const a = managed(ctx, p.account);
    if (!hasKey(a, p.old)) throw new CreditChainError('KEY_NOT_FOUND', `Account "${a.name}" has no key ${toHex(p.old).slice(0, 16)}….`);
    if (hasKey(a, p.key.key)) throw new CreditChainError('KEY_EXISTS', `Account "${a.name}" already holds the new key.`);
    if (p.until < ctx.height) throw new CreditChainError('TX_BAD_PAYLOAD', `The old key must stay valid until a height not before this one (${ctx.height}); ${p.until} has passed.`);
    const keys = a.keys.map((k) => (equalBytes(k.key, p.old) ? { ...k, until: k.until === null ? p.until : Math.min(k.until, p.until) } : k));
    writeAccount(ctx.suite, ctx.state, { ...a, keys: [...keys, { alg: p.key.alg, key: p.key.key, until: null }] });
    return { data: { account: a.name, oldKeyValidUntil: p.until } };
  },
};

export const revokeKeyAction: ActionDef<{ account: string; key: Uint8Array }> = {
  module: IDENTITY_MODULE,
  action: 'revoke-key',
  parse(payload) {
    const m = readMap(payload, 'payload', ['account', 'key']);
    return { account: readName(m.account, 'payload.account'), key: readBytes(m.key, 'payload.key', undefined, 4096) };
  },
  execute(ctx, p) {
    const a = managed(ctx, p.account);
    if (!hasKey(a, p.key)) throw new CreditChainError('KEY_NOT_FOUND', `Account "${a.name}" has no key ${toHex(p.key).slice(0, 16)}….`);
    const keys = a.keys.filter((k) => !equalBytes(k.key, p.key));
    const live = keys.filter((k) => k.until === null || k.until >= ctx.height);
    if (live.length < a.threshold) {
      throw new CreditChainError('KEY_LAST', `Revoking that key would leave "${a.name}" with ${live.length} usable keys, fewer than its threshold of ${a.threshold}; add a key first.`);
    }
    writeAccount(ctx.suite, ctx.state, { ...a, keys });
    return { data: { account: a.name, keys: keys.length } };
  },
};

export const setThresholdAction: ActionDef<{ account: string; threshold: number }> = {
  module: IDENTITY_MODULE,
  action: 'set-threshold',
  parse(payload) {
    const m = readMap(payload, 'payload', ['account', 'threshold']);
    return { account: readName(m.account, 'payload.account'), threshold: readUint(m.threshold, 'payload.threshold', MAX_ACCOUNT_KEYS) };
  },
  execute(ctx, p) {
    const a = managed(ctx, p.account);
    if (p.threshold < 1 || p.threshold > a.keys.length) {
      throw new CreditChainError('KEY_LAST', `The threshold of "${a.name}" must be between 1 and its ${a.keys.length} keys.`);
    }
    writeAccount(ctx.suite, ctx.state, { ...a, threshold: p.threshold });
    return { data: { account: a.name, threshold: p.threshold } };
  },
};

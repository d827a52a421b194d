// The identity rules, each named: the permission table over every (role, organisation type,
// action) triple, key revocation and rotation, k-of-n signing, role limits.
import { describe, expect, it } from 'vitest';
import { sha256, toHex, utf8, type CborMap } from '@creditchain/core';
import { account, Consortium, genesisOf, org, pub, seed } from '../../test-support.js';
import { PERMISSIONS } from './permissions.js';
import { ORG_TYPES, ROLE_ORG_TYPES, ROLES, type OrgType, type Role } from './roles.js';
import { readAccount } from './state.js';

/** A valid payload for each action, sent by account "actor" (keys 1 and 2) of its organisation. */
function payloadFor(action: string, c: Consortium, subjectActor = false): { payload: CborMap; sidecars?: Uint8Array[] } {
  const key = (n: number) => ({ alg: 'ed25519', key: pub(n) });
  switch (action) {
    case 'evidence.anchor': return { payload: { items: [{ hash: sha256(utf8('doc')) }] } };
    case 'identity.create-account': return { payload: { name: 'new-account', roles: [], keys: [key(9)] } };
    case 'identity.set-roles': return { payload: { account: 'actor', roles: [] } };
    case 'identity.add-key': return { payload: { account: 'actor', key: key(9) } };
    case 'identity.rotate-key': return { payload: { account: 'actor', old: pub(2), key: key(9), until: c.height + 5 } };
    case 'identity.revoke-key': return { payload: { account: 'actor', key: pub(2) } };
    case 'identity.set-threshold': return { payload: { account: 'actor', threshold: 1 } };
    case 'identity.bind-subject': return { payload: { name: 'subject-x', subject: sha256(utf8('subject x')), keys: [key(9)] }, sidecars: [sha256(utf8('evidence'))] };
    case 'governance.propose': return { payload: { kind: 'set-param', proposal: { name: 'maxAnchorBatch', value: 5000 } } };
    case 'governance.vote': return { payload: { proposal: 1, vote: 'yes' } };
    case 'credit.submit': return { payload: { records: [{ subject: sha256(utf8('s')), subjectKind: 'enterprise', category: 'loan-overdue', occurred: '2020-01-01', amountBand: 1 }] } };
    case 'credit.review': return { payload: { ids: [1], decision: 'publish' } };
    case 'credit.correct': return { payload: { id: 1, amountBand: 2, reason: 'typo' } };
    case 'credit.revoke': return { payload: { id: 1, reason: 'entered in error' } };
    case 'credit.allow-collection': return { payload: { org: 'reg', allow: true } };
    case 'consent.grant': return subjectActor ? { payload: { org: 'reg', purpose: 'lease', days: 30, singleUse: true } } : { payload: { org: 'org-under-test', purpose: 'lease', days: 30, singleUse: true, subject: sha256(utf8('s')), evidence: sha256(utf8('auth')) }, sidecars: [sha256(utf8('auth'))] };
    case 'consent.revoke': return { payload: { consent: 1 } };
    case 'consent.query': return { payload: { subject: sha256(utf8('s')), purpose: 'lease', basis: 'public-information' } };
    case 'disputes.object': return { payload: { record: 1, reason: 'wrong', evidence: sha256(utf8('auth')) }, sidecars: [sha256(utf8('auth'))] };
    case 'disputes.answer': return { payload: { objection: 1, decision: 'rejected', reason: 'checked' } };
    case 'disputes.appeal': return { payload: { objection: 1, reason: 'still wrong' } };
    case 'disputes.decide': return { payload: { objection: 1, outcome: 'confirm', reason: 'checked' } };
    case 'disputes.complain': return { payload: { org: 'reg', about: 'other', reason: 'rude' } };
    case 'disputes.rule': return { payload: { complaint: 1, decision: 'dismissed', reason: 'no basis' } };
    case 'repair.apply': return { payload: { record: 1, reason: 'paid', evidence: sha256(utf8('paid')) }, sidecars: [sha256(utf8('paid'))] };
    case 'repair.decide': return { payload: { application: 1, approve: true, reason: 'paid' } };
    case 'repair.erase': return { payload: { record: 1, reason: 'court order', order: sha256(utf8('order')) }, sidecars: [sha256(utf8('order'))] };
    case 'vouchers.create-class': return { payload: { name: 'Coupon', unit: 'CNY-fen', cap: 1000, divisible: false, expires: 4_000_000_000_000, holders: 'any', transfer: 'none', supervisor: 'reg', onExpiry: 'burn' } };
    case 'vouchers.approve-class': return { payload: { class: 1 } };
    case 'vouchers.register-merchant': return { payload: { class: 1, merchant: 'actor', category: 'retail' } };
    case 'vouchers.issue': return { payload: { class: 1, to: [{ holder: 'actor', amount: 1 }] } };
    case 'vouchers.transfer': return { payload: { voucher: 1, to: 'reg-admin' } };
    case 'vouchers.split': return { payload: { voucher: 1, amounts: [1, 1] } };
    case 'vouchers.merge': return { payload: { vouchers: [1, 2] } };
    case 'vouchers.spend': return { payload: { voucher: 1, merchant: 'reg-admin' } };
    case 'vouchers.redeem': return { payload: { voucher: 1 } };
    case 'vouchers.freeze': case 'vouchers.unfreeze': return { payload: { voucher: 1 } };
    case 'vouchers.create-points': return { payload: { name: 'Points', recorders: 'any', supervisor: 'reg', rules: [{ code: 'tree', points: 5, label: 'A tree' }] } };
    case 'vouchers.award': case 'vouchers.deduct': return { payload: { class: 1, household: sha256(utf8('s')), rule: 'tree' } };
    case 'vouchers.use-points': return { payload: { class: 1, household: sha256(utf8('s')), benefit: 'tree' } };
    case 'contracts.deploy': case 'contracts.upgrade': return { payload: { name: 'c', code: 'exports.f = function () {};', sourceHash: sha256(utf8('c')) } };
    case 'contracts.approve': return { payload: { name: 'c', version: 1 } };
    case 'contracts.call': return { payload: { name: 'c', method: 'f' } };
    default: throw new Error(`no payload for ${action}`);
  }
}

// Actions whose own rules (a record, a consent, an objection to exist) decide beyond the table.
const BEYOND_THE_TABLE = /^(credit\.(submit|review|correct|revoke)|consent\.(revoke|query)|disputes\.|repair\.|vouchers\.|contracts\.)/;

function consortiumWith(type: OrgType | null, role: Role | null): Consortium {
  // The organisation under test is granted every role its type may hold; the actor holds one.
  const allowed = ROLES.filter((r) => type !== null && (ROLE_ORG_TYPES[r] ?? [type]).includes(type));
  const orgs = [org('reg', 'regulator', [...ROLES], 1000)];
  if (type !== null) orgs.push(org('org-under-test', type, allowed, 1));
  const actor = type === null ? account('actor', null, [], [1, 2]) : account('actor', 'org-under-test', role === null ? [] : [role], [1, 2]);
  const c = new Consortium(genesisOf(orgs, [account('reg-admin', 'reg', ['admin'], [7]), actor], { govParticipation: 10_000 }));
  // An open proposal to vote on (participation 100% keeps it open after one vote).
  expect(c.send('reg-admin', 'governance.propose', { kind: 'set-param', proposal: { name: 'maxExpiryWindow', value: 500 } }, [seed(7)]).code).toBe('ok');
  return c;
}

describe('rule: the permission table decides every (role, organisation type, action)', () => {
  const rows: string[] = [];
  for (const type of [...ORG_TYPES, null] as const) {
    const roles: (Role | null)[] = type === null ? [null] : [null, ...ROLES.filter((r) => (ROLE_ORG_TYPES[r] ?? [type]).includes(type))];
    for (const role of roles) {
      it(`${type ?? 'subject'} account with ${role ?? 'no role'}`, () => {
        for (const rule of PERMISSIONS) {
          const c = consortiumWith(type, role);
          const { payload, sidecars } = payloadFor(rule.action, c, type === null);
          const r = c.send('actor', rule.action, payload, [seed(1)], sidecars ? { sidecars } : {});
          const permitted =
            type === null
              ? rule.subjects === true || rule.subjects === 'only'
              : rule.subjects !== 'only' && (rule.orgTypes === undefined || rule.orgTypes.includes(type)) && (rule.roles.length === 0 || (role !== null && rule.roles.includes(role)));
          // Credit actions have rules beyond the table (the category, the record): the table
          // only has to let them through; their own tests cover what comes after.
          if (permitted && BEYOND_THE_TABLE.test(rule.action)) expect(r.code, `${rule.action} should pass the table`).not.toBe('PERMISSION_DENIED');
          else if (permitted) expect(r, `${rule.action} should succeed`).toMatchObject({ code: 'ok' });
          else {
            expect(r.code, `${rule.action} should be refused`).toBe('PERMISSION_DENIED');
            if (type !== null && rule.subjects !== 'only') expect(r.message).toContain(rule.roles.join(' or '));
          }
          rows.push(`${type ?? 'subject'}/${role ?? '-'}/${rule.action}: ${r.code}`);
        }
      });
    }
  }
});

describe('keys', () => {
  const make = () => new Consortium(genesisOf([org('reg', 'regulator', [...ROLES])], [account('alice', 'reg', ['admin', 'submitter'], [1, 2]), account('bob', 'reg', ['submitter'], [3])]));
  const anchor = (n: string) => ({ items: [{ hash: sha256(utf8(n)) }] });

  it('rule: a revoked key is refused immediately, in the same block', () => {
    const c = make();
    const revoke = c.tx('alice', 'identity.revoke-key', { account: 'alice', key: pub(2) }, [seed(1)]);
    const after = c.tx('alice', 'evidence.anchor', anchor('a'), [seed(2)], { nonce: 1 });
    expect(c.block([revoke, after]).map((r) => r.code)).toEqual(['ok', 'TX_BAD_SIGNATURE']);
  });

  it('rule: a rotated key signs until the named height, and not after', () => {
    const c = make();
    const until = c.height + 3;
    expect(c.send('alice', 'identity.rotate-key', { account: 'alice', old: pub(2), key: { alg: 'ed25519', key: pub(5) }, until }, [seed(1)]).code).toBe('ok');
    while (c.height < until - 1) c.emptyBlocks(1);
    expect(c.send('alice', 'evidence.anchor', anchor('at until'), [seed(2)]).code).toBe('ok'); // block `until`
    expect(c.send('alice', 'evidence.anchor', anchor('after'), [seed(2)]).code).toBe('TX_BAD_SIGNATURE');
    expect(c.send('alice', 'evidence.anchor', anchor('new key'), [seed(5)]).code).toBe('ok');
  });

  it('rule: an account with threshold k needs k of its keys (k of n)', () => {
    const c = make();
    expect(c.send('alice', 'identity.set-threshold', { account: 'alice', threshold: 2 }, [seed(1)]).code).toBe('ok');
    expect(c.send('alice', 'evidence.anchor', anchor('one'), [seed(1)]).code).toBe('TX_TOO_FEW_SIGNATURES');
    expect(c.send('alice', 'evidence.anchor', anchor('same twice'), [seed(1), seed(1)]).code).toBe('TX_TOO_FEW_SIGNATURES');
    expect(c.send('alice', 'evidence.anchor', anchor('two'), [seed(1), seed(2)]).code).toBe('ok');
  });

  it('rule: the last keys below the threshold cannot be revoked (KEY_LAST)', () => {
    const c = make();
    expect(c.send('bob', 'identity.revoke-key', { account: 'bob', key: pub(3) }, [seed(3)]).code).toBe('KEY_LAST');
  });

  it('rule: only the account itself or its organisation admin manages its keys', () => {
    const c = make();
    expect(c.send('bob', 'identity.add-key', { account: 'alice', key: { alg: 'ed25519', key: pub(8) } }, [seed(3)]).code).toBe('PERMISSION_DENIED');
    expect(c.send('alice', 'identity.add-key', { account: 'bob', key: { alg: 'ed25519', key: pub(8) } }, [seed(1)]).code).toBe('ok');
    expect(readAccount(c.ledger.suite, c.ledger.readers.state, 'bob')!.keys.map((k) => toHex(k.key))).toContain(toHex(pub(8)));
  });
});

describe('accounts and roles', () => {
  it('rule: an admin may give only roles its organisation holds, and regulator only in a regulator', () => {
    const c = new Consortium(genesisOf([org('reg', 'regulator', [...ROLES]), org('bank', 'bank', ['admin', 'submitter'])], [account('bank-admin', 'bank', ['admin'], [1])]));
    const key = [{ alg: 'ed25519', key: pub(4) }];
    expect(c.send('bank-admin', 'identity.create-account', { name: 'clerk', roles: ['submitter'], keys: key }, [seed(1)]).code).toBe('ok');
    const r = c.send('bank-admin', 'identity.create-account', { name: 'clerk2', roles: ['reviewer'], keys: key }, [seed(1)]);
    expect(r.code).toBe('PERMISSION_DENIED');
    expect(r.message).toContain('reviewer');
    expect(c.send('bank-admin', 'identity.create-account', { name: 'clerk', roles: [], keys: key }, [seed(1)]).code).toBe('ACCOUNT_EXISTS');
  });

  it('rule: binding a subject needs the identity evidence as a sidecar', () => {
    const c = new Consortium(genesisOf([org('reg', 'regulator', [...ROLES])], [account('registrar', 'reg', ['registrar'], [1])]));
    const payload = { name: 'person-1', subject: sha256(utf8('ref')), keys: [{ alg: 'ed25519', key: pub(6) }] };
    expect(c.send('registrar', 'identity.bind-subject', payload, [seed(1)]).code).toBe('TX_BAD_PAYLOAD');
    expect(c.send('registrar', 'identity.bind-subject', payload, [seed(1)], { sidecars: [sha256(utf8('id card scan'))] }).code).toBe('ok');
    const subject = readAccount(c.ledger.suite, c.ledger.readers.state, 'person-1')!;
    expect(subject.org).toBeNull();
    expect(toHex(subject.subject!)).toBe(toHex(sha256(utf8('ref'))));
  });
});

describe('post-quantum account keys', () => {
  it('an account whose key is ML-DSA-65 or SLH-DSA signs its transactions; another algorithm’s key is refused', async () => {
    const { getAlg } = await import('@creditchain/core');
    const ml = getAlg('ml-dsa-65');
    const slh = getAlg('slh-dsa-sha2-128s');
    const mlSeed = new Uint8Array(32).fill(11);
    const slhSeed = new Uint8Array(48).fill(12);
    const c = new Consortium(genesisOf([org('reg', 'regulator', [...ROLES])], [
      { name: 'pq-ml', org: 'reg', subject: null, roles: ['submitter'], keys: [{ alg: ml.id, key: ml.publicKeyOf(mlSeed) }], threshold: 1 },
      { name: 'pq-slh', org: 'reg', subject: null, roles: ['submitter'], keys: [{ alg: slh.id, key: slh.publicKeyOf(slhSeed) }], threshold: 1 },
    ]));
    const anchor = (n: string) => ({ items: [{ hash: sha256(utf8(n)) }] });
    expect(c.send('pq-ml', 'evidence.anchor', anchor('ml'), [{ alg: ml.id, secret: mlSeed }]).code).toBe('ok');
    expect(c.send('pq-slh', 'evidence.anchor', anchor('slh'), [{ alg: slh.id, secret: slhSeed }]).code).toBe('ok');
    expect(c.send('pq-ml', 'evidence.anchor', anchor('ed'), [seed(1)]).code).toBe('TX_BAD_SIGNATURE');
  });
});

describe('weak keys', () => {
  it('rule: a low-order or non-canonical Ed25519 key cannot be registered (the identity key would verify every message)', async () => {
    const { fromHex } = await import('@creditchain/core');
    const c = new Consortium(genesisOf([org('reg', 'regulator', [...ROLES])], [account('alice', 'reg', ['admin'], [1])]));
    for (const hex of ['0100000000000000000000000000000000000000000000000000000000000000', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f']) {
      const r = c.send('alice', 'identity.add-key', { account: 'alice', key: { alg: 'ed25519', key: fromHex(hex) } }, [seed(1)]);
      expect(r.code, hex).toBe('CRYPTO_BAD_KEY');
    }
    const { parseGenesis } = await import('../../genesis.js');
    expect(() => parseGenesis({ chainId: 'c', cryptoSuite: 'intl', genesisTime: '2026-01-01T00:00:00Z', orgs: [{ id: 'reg', name: 'r', type: 'regulator', weight: 1, roles: ['admin'] }], accounts: [{ name: 'x', org: 'reg', keys: [{ publicKey: '0100000000000000000000000000000000000000000000000000000000000000' }] }] })).toThrow(/small order/);
  });
});

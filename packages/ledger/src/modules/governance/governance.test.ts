// The governance rules, each named: weighted votes with participation and approval thresholds,
// carried out by the state machine at the height a proposal passes; suspension stops an
// organisation's transactions from that height; expiry; one vote per organisation.
import { describe, expect, it } from 'vitest';
import { concatBytes, sha256, utf8 } from '@creditchain/core';
import { account, Consortium, genesisOf, org, pub, seed } from '../../test-support.js';
import { ROLES } from '../identity/roles.js';
import { readAccount, readOrg } from '../identity/state.js';
import { readParams } from './params.js';
import { readProposal } from './state.js';
import { readAnchoring } from '../evidence/state.js';

// Weights: regulator 3, agency 2, bank-a 1, bank-b 1 (total 7). Defaults: participation 50%, approval 66.67%.
function consortium(params = {}) {
  return new Consortium(
    genesisOf(
      [org('reg', 'regulator', [...ROLES], 3), org('agency', 'credit-agency', ['admin', 'submitter'], 2), org('bank-a', 'bank', ['admin', 'submitter'], 1), org('bank-b', 'bank', ['admin', 'submitter'], 1)],
      [account('reg-admin', 'reg', ['admin'], [1]), account('agency-admin', 'agency', ['admin'], [2]), account('a-admin', 'bank-a', ['admin', 'submitter'], [3]), account('b-admin', 'bank-b', ['admin'], [4])],
      params,
    ),
  );
}
const vote = (c: Consortium, who: string, n: number, id: number, v: 'yes' | 'no') => c.send(who, 'governance.vote', { proposal: id, vote: v }, [seed(n)]);
const propose = (c: Consortium, kind: string, proposal: object) => c.send('reg-admin', 'governance.propose', { kind, proposal } as never, [seed(1)]);

describe('governance', () => {
  it('rule: a proposal passes with participation ≥ P and approval ≥ A of the weight that voted, and is carried out at once', () => {
    const c = consortium();
    expect(propose(c, 'set-param', { name: 'maxAnchorBatch', value: 500 })).toMatchObject({ code: 'ok', data: { proposal: 1 } });
    // reg (3 of 7) votes yes: participation 43% < 50%, still open.
    expect(vote(c, 'reg-admin', 1, 1, 'yes').data).toMatchObject({ status: 'open', yes: 3, total: 7 });
    expect(readParams(c.ledger.suite, c.ledger.readers.state).maxAnchorBatch).toBe(10_000);
    // bank-b (1) votes no: participation 4/7 ≥ 50%, approval 3/4 = 75% ≥ 66.67%: passes now.
    const r = vote(c, 'b-admin', 4, 1, 'no');
    expect(r.data).toMatchObject({ status: 'passed', yes: 3, no: 1 });
    expect(readParams(c.ledger.suite, c.ledger.readers.state).maxAnchorBatch).toBe(500);
    expect(readProposal(c.ledger.suite, c.ledger.readers.state, 1)).toMatchObject({ status: 'passed', closed: c.height });
  });

  it('rule: without enough approval a proposal stays open, then expires at its deadline', () => {
    const c = consortium({ govVotingPeriod: 3 });
    propose(c, 'set-param', { name: 'maxAnchorBatch', value: 500 });
    vote(c, 'reg-admin', 1, 1, 'yes');
    expect(vote(c, 'agency-admin', 2, 1, 'no').data).toMatchObject({ status: 'open' }); // 3 yes of 5: 60% < 66.67%
    c.emptyBlocks(2);
    expect(readProposal(c.ledger.suite, c.ledger.readers.state, 1)!.status).toBe('expired');
    expect(vote(c, 'a-admin', 3, 1, 'yes').code).toBe('GOV_PROPOSAL_CLOSED');
  });

  it('rule: a chain raises its protocol version by a proposal, never lowers it; from that height an anchor keeps nothing per hash in state', () => {
    const c = consortium({ protocolVersion: 1 });
    const anchor = (n: string) => c.send('a-admin', 'evidence.anchor', { items: [{ hash: sha256(utf8(n)) }] }, [seed(3)]);
    const kept = (n: string) => readAnchoring(c.ledger.suite, c.ledger.readers.state, sha256(utf8(n)));
    expect(anchor('before')).toMatchObject({ code: 'ok', data: { anchored: 1, alreadyAnchored: 0 } });
    expect(kept('before')).toMatchObject({ sender: 'a-admin' });
    expect(propose(c, 'set-param', { name: 'protocolVersion', value: 4 }).code).toBe('GOV_BAD_PROPOSAL');
    expect(propose(consortium(), 'set-param', { name: 'protocolVersion', value: 1 })).toMatchObject({ code: 'GOV_BAD_PROPOSAL', message: expect.stringMatching(/version 3; its version can only be raised/) });
    propose(c, 'set-param', { name: 'protocolVersion', value: 2 });
    vote(c, 'reg-admin', 1, 1, 'yes');
    expect(vote(c, 'b-admin', 4, 1, 'no').data).toMatchObject({ status: 'passed' });
    expect(readParams(c.ledger.suite, c.ledger.readers.state).protocolVersion).toBe(2);
    expect(anchor('after')).toMatchObject({ code: 'ok' });
    expect(anchor('after').data).toBeUndefined(); // anchored again: no per-hash count from version 2
    expect(kept('after')).toBeUndefined();
    expect(kept('before')).toMatchObject({ sender: 'a-admin' }); // what version 1 wrote stays
  });

  it('rule: a packed anchor batch is refused before version 3 as the older rules refused its unknown field, nonce kept; from the height version 3 passes it anchors', () => {
    const c = consortium({ protocolVersion: 2 });
    const hashes = [sha256(utf8('one')), sha256(utf8('two'))];
    const nonce = () => readAccount(c.ledger.suite, c.ledger.readers.state, 'a-admin')!.nonce;
    const before = nonce();
    const refused = c.send('a-admin', 'evidence.anchor', { hashes: concatBytes(...hashes) }, [seed(3)]);
    expect(refused).toMatchObject({ code: 'ENCODING_BAD_SHAPE', message: expect.stringMatching(/needs protocol version 3; the chain runs version 2/) });
    expect(refused.data).toBeUndefined();
    expect(nonce()).toBe(before); // refused before its action, as version 2's parse refused it
    // Whatever else is wrong with it (here: no hash at all, then a signature by a stranger's key),
    // the older rules' error comes first, as it did.
    expect(c.send('a-admin', 'evidence.anchor', { hashes: new Uint8Array(0) }, [seed(3)]).code).toBe('ENCODING_BAD_SHAPE');
    expect(c.send('a-admin', 'evidence.anchor', { hashes: concatBytes(...hashes) }, [seed(9)]).code).toBe('ENCODING_BAD_SHAPE');
    propose(c, 'set-param', { name: 'protocolVersion', value: 3 });
    vote(c, 'reg-admin', 1, 1, 'yes');
    expect(vote(c, 'b-admin', 4, 1, 'no').data).toMatchObject({ status: 'passed' });
    const at = nonce();
    expect(c.send('a-admin', 'evidence.anchor', { hashes: concatBytes(...hashes) }, [seed(3)])).toMatchObject({ code: 'ok' });
    expect(nonce()).toBe(at + 1);
    // The first form still works beside it, labels and all.
    expect(c.send('a-admin', 'evidence.anchor', { items: [{ hash: hashes[0]!, label: 'one.pdf' }] }, [seed(3)])).toMatchObject({ code: 'ok' });
  });

  it('rule: one vote per organisation', () => {
    const c = consortium();
    propose(c, 'set-param', { name: 'maxAnchorBatch', value: 500 });
    vote(c, 'a-admin', 3, 1, 'yes');
    expect(vote(c, 'a-admin', 3, 1, 'no').code).toBe('GOV_ALREADY_VOTED');
    expect(vote(c, 'a-admin', 3, 9, 'no').code).toBe('GOV_PROPOSAL_NOT_FOUND');
  });

  it('rule: a suspended organisation is refused from the height the proposal passed; reinstated, it is served again', () => {
    const c = consortium();
    const anchor = (n: string) => c.send('a-admin', 'evidence.anchor', { items: [{ hash: sha256(utf8(n)) }] }, [seed(3)]);
    expect(anchor('before').code).toBe('ok');
    propose(c, 'suspend-org', { id: 'bank-a' });
    vote(c, 'reg-admin', 1, 1, 'yes');
    expect(vote(c, 'agency-admin', 2, 1, 'yes').data).toMatchObject({ status: 'passed' });
    const passedAt = c.height;
    expect(readOrg(c.ledger.suite, c.ledger.readers.state, 'bank-a')).toMatchObject({ status: 'suspended', since: passedAt });
    const refused = anchor('while suspended');
    expect(refused.code).toBe('ORG_SUSPENDED');
    expect(refused.message).toContain(`since height ${passedAt}`);
    propose(c, 'reinstate-org', { id: 'bank-a' });
    vote(c, 'reg-admin', 1, 2, 'yes');
    vote(c, 'agency-admin', 2, 2, 'yes');
    expect(anchor('after').code).toBe('ok');
  });

  it('rule: a passed proposal that can no longer be carried out fails, and changes nothing', () => {
    const c = consortium();
    const admit = { org: { id: 'bank-c', name: 'Bank C', type: 'bank', weight: 1, roles: ['admin', 'submitter'], categories: [] }, admin: { name: 'c-admin', keys: [{ alg: 'ed25519', key: pub(9) }] } };
    propose(c, 'admit-org', admit);
    propose(c, 'admit-org', admit);
    vote(c, 'reg-admin', 1, 1, 'yes');
    expect(vote(c, 'agency-admin', 2, 1, 'yes').data).toMatchObject({ status: 'passed' });
    expect(c.send('c-admin', 'evidence.anchor', { items: [{ hash: sha256(utf8('x')) }] }, [seed(9)]).code).toBe('PERMISSION_DENIED'); // admin, not submitter
    vote(c, 'reg-admin', 1, 2, 'yes');
    expect(vote(c, 'agency-admin', 2, 2, 'yes').data).toMatchObject({ status: 'failed', outcome: 'ORG_EXISTS' });
  });

  it('rule: proposals are checked when made (an unknown organisation, a parameter out of bounds)', () => {
    const c = consortium();
    expect(propose(c, 'suspend-org', { id: 'nobody' }).code).toBe('ORG_NOT_FOUND');
    expect(propose(c, 'set-param', { name: 'govApproval', value: 4000 }).code).toBe('GOV_BAD_PROPOSAL');
    expect(propose(c, 'set-param', { name: 'noSuchThing', value: 1 }).code).toBe('GOV_BAD_PROPOSAL');
  });

  it('rule: only admins propose and vote', () => {
    const c = new Consortium(genesisOf([org('reg', 'regulator', [...ROLES])], [account('clerk', 'reg', ['submitter'], [5])]));
    expect(c.send('clerk', 'governance.propose', { kind: 'suspend-org', proposal: { id: 'reg' } }, [seed(5)]).code).toBe('PERMISSION_DENIED');
  });
});

// governance.propose and governance.vote, and the expiry of proposals at the end of each block.
// Votes are weighted by organisation weight; a proposal passes when the organisations that voted
// hold ≥ govParticipation of all active weight and the yes votes ≥ govApproval of the weight that
// voted. It is carried out by the state machine in the very transaction that makes it pass.
import { CreditChainError, readMap, readString, readUint, type CborMap, type CryptoSuite } from '@creditchain/core';
import type { ActionDef } from '../../action.js';
import type { StateOverlay } from '../../overlay.js';
import { senderOrg } from '../identity/accounts.js';
import { listOrgIds, readOrg } from '../identity/state.js';
import { readParams } from './params.js';
import { carryOut, parseProposal, readKind } from './proposals.js';
import { GOVERNANCE_MODULE, readOpenIds, readProposal, takeProposalId, writeProposal, type Proposal, type ProposalKind } from './state.js';

export const proposeAction: ActionDef<{ kind: ProposalKind; payload: CborMap }> = {
  module: GOVERNANCE_MODULE,
  action: 'propose',
  parse(payload) {
    const m = readMap(payload, 'payload', ['kind', 'proposal']);
    const kind = readKind(m.kind);
    const proposal = readMap(m.proposal, 'payload.proposal', [], Object.keys((m.proposal ?? {}) as object));
    parseProposal(kind, proposal);
    return { kind, payload: proposal };
  },
  execute(ctx, p) {
    const { account, org } = senderOrg(ctx);
    carryOut(ctx.suite, ctx.state, p.kind, p.payload, ctx.height, false);
    const id = takeProposalId(ctx.suite, ctx.state);
    const params = readParams(ctx.suite, ctx.state);
    const proposal: Proposal = { id, kind: p.kind, payload: p.payload, proposer: account.name, org: org.id, height: ctx.height, deadline: ctx.height + params.govVotingPeriod, status: 'open', votes: [], closed: null, outcome: null };
    writeProposal(ctx.suite, ctx.state, proposal);
    return { data: { proposal: id, deadline: proposal.deadline } };
  },
};

export interface Tally {
  readonly yes: number;
  readonly no: number;
  readonly total: number;
  readonly passes: boolean;
}

/** Counts the votes of organisations active now, against the weight of all active ones. */
export function tally(suite: CryptoSuite, state: StateOverlay, p: Proposal): Tally {
  const params = readParams(suite, state);
  let total = 0;
  const weight = new Map<string, number>();
  for (const id of listOrgIds(suite, state)) {
    const org = readOrg(suite, state, id)!;
    if (org.status !== 'active') continue;
    total += org.weight;
    weight.set(id, org.weight);
  }
  let yes = 0;
  let no = 0;
  for (const v of p.votes) {
    const w = weight.get(v.org) ?? 0;
    if (v.yes) yes += w;
    else no += w;
  }
  // Integer arithmetic in basis points: no floats in consensus.
  const passes = total > 0 && (yes + no) * 10_000 >= params.govParticipation * total && yes * 10_000 >= params.govApproval * (yes + no);
  return { yes, no, total, passes };
}

export const voteAction: ActionDef<{ proposal: number; yes: boolean }> = {
  module: GOVERNANCE_MODULE,
  action: 'vote',
  parse(payload) {
    const m = readMap(payload, 'payload', ['proposal', 'vote']);
    const vote = readString(m.vote, 'payload.vote', 3);
    if (vote !== 'yes' && vote !== 'no') throw new CreditChainError('TX_BAD_PAYLOAD', 'payload.vote must be "yes" or "no".');
    return { proposal: readUint(m.proposal, 'payload.proposal'), yes: vote === 'yes' };
  },
  execute(ctx, p) {
    const { org } = senderOrg(ctx);
    const proposal = readProposal(ctx.suite, ctx.state, p.proposal);
    if (proposal === undefined) throw new CreditChainError('GOV_PROPOSAL_NOT_FOUND', `There is no proposal ${p.proposal}.`, { proposal: p.proposal });
    if (proposal.status !== 'open' || ctx.height > proposal.deadline) {
      throw new CreditChainError('GOV_PROPOSAL_CLOSED', `Proposal ${p.proposal} is ${proposal.status === 'open' ? 'past its deadline' : proposal.status}; it takes no more votes.`, { proposal: p.proposal });
    }
    if (proposal.votes.some((v) => v.org === org.id)) {
      throw new CreditChainError('GOV_ALREADY_VOTED', `Organisation "${org.id}" has already voted on proposal ${p.proposal}.`, { proposal: p.proposal });
    }
    let next: Proposal = { ...proposal, votes: [...proposal.votes, { org: org.id, yes: p.yes, height: ctx.height }] };
    const t = tally(ctx.suite, ctx.state, next);
    let outcome: string | null = null;
    if (t.passes) {
      // Carried out in a layer of its own: if it cannot be, the proposal fails and the vote stands.
      const layer = ctx.state.child();
      try {
        outcome = carryOut(ctx.suite, layer, proposal.kind, proposal.payload, ctx.height, true);
        layer.mergeInto(ctx.state);
        next = { ...next, status: 'passed', closed: ctx.height };
      } catch (e) {
        const code = e instanceof CreditChainError ? e.code : 'INTERNAL';
        next = { ...next, status: 'failed', closed: ctx.height, outcome: code };
        outcome = code;
      }
    }
    writeProposal(ctx.suite, ctx.state, next);
    return { data: { proposal: p.proposal, status: next.status, yes: t.yes, no: t.no, total: t.total, ...(outcome === null ? {} : { outcome }) } };
  },
};

/** End of block: open proposals past their deadline expire. */
export function expireProposals(suite: CryptoSuite, state: StateOverlay, height: number): void {
  for (const id of readOpenIds(suite, state)) {
    const p = readProposal(suite, state, id)!;
    if (height > p.deadline) writeProposal(suite, state, { ...p, status: 'expired', closed: height });
  }
}

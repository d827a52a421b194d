// `creditchain proposals [ID]`: the governance proposals, newest first, or one of them with its
// votes.
import type { Command } from 'commander';
import type { ParamsReply, ProposalReply } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { describeProposal, describeStatus, describeTally, needs } from './governance-text.js';
import { out } from './output.js';
import { addNodeOptions, connect, type NodeOptions } from './target.js';

export function register(program: Command): void {
  addNodeOptions(
    program
      .command('proposals')
      .description('list the governance proposals, newest first, or show one with its votes')
      .argument('[id]', 'a proposal number', parseWhole),
  ).action(async (id: number | undefined, opts: NodeOptions) => {
    const client = connect(opts);
    if (id !== undefined) {
      const [p, params] = await Promise.all([client.proposal(id), client.params()]);
      showProposal(p, params);
      return;
    }
    const { proposals } = await client.proposals();
    if (proposals.length === 0) {
      out('No proposals yet. An admin proposes with: creditchain propose admit-org|update-org|suspend-org|reinstate-org|retire-org|set-param …');
      return;
    }
    for (const p of proposals) {
      const tally = p.tally === undefined ? '' : `; ${describeTally(p.tally)}`;
      out(`#${p.id} ${p.status.padEnd(7)} ${describeProposal(p.kind, p.payload)} — by ${p.proposer} (${p.org}) at height ${p.height}; ${describeStatus(p)}${tally}`);
    }
  });
}

function showProposal(p: ProposalReply, params: ParamsReply): void {
  out(`Proposal ${p.id}: ${describeProposal(p.kind, p.payload)}`);
  out(`  status     ${describeStatus(p)}`);
  out(`  proposed   by ${p.proposer} of ${p.org} at height ${p.height}; votes taken until height ${p.deadline}`);
  out(`  votes      ${p.votes.length === 0 ? 'none yet' : p.votes.map((v) => `${v.org} ${v.vote} (height ${v.height})`).join(', ')}`);
  if (p.tally !== undefined) {
    out(`  tally      ${describeTally(p.tally)}`);
    out(`  to pass    it ${needs(params)}`);
  }
}

// `creditchain vote PROPOSAL yes|no`: an admin votes for its organisation. The vote that makes
// a proposal pass carries it out in the same transaction; the command says what it did.
import type { Command } from 'commander';
import { CreditChainError } from '@creditchain/core';
import { voteTx } from '@creditchain/sdk';
import { parseWhole } from './args.js';
import { describeOutcome, describeStatus, describeTally, needs } from './governance-text.js';
import { badArgument, out } from './output.js';
import { addSenderOptions, prepare, resolveSender, type SenderOptions } from './target.js';

interface VoteData {
  status: 'open' | 'passed' | 'failed' | 'expired';
  yes: number;
  no: number;
  total: number;
  outcome?: string;
}

export function register(program: Command): void {
  addSenderOptions(
    program
      .command('vote')
      .description("vote yes or no on an open proposal, for the sender's organisation (the sender needs the admin role)")
      .argument('<proposal>', 'proposal number', parseWhole)
      .argument('<vote>', 'yes or no'),
  ).action(async (id: number, vote: string, opts: SenderOptions) => {
    if (vote !== 'yes' && vote !== 'no') throw badArgument(`Vote "yes" or "no", not "${vote}".`);
    const p = await prepare(resolveSender(opts));
    const proposal = await p.client.proposal(id);
    // Refused here rather than by the block, where the refusal would still use up a nonce.
    if (proposal.status !== 'open' || proposal.deadline < p.status.height + 1) {
      throw new CreditChainError('GOV_PROPOSAL_CLOSED', `Proposal ${id} is closed (${proposal.status === 'open' ? `its votes were taken until height ${proposal.deadline}` : describeStatus(proposal)}); it takes no more votes.`, { proposal: id });
    }
    const voted = proposal.votes.find((v) => v.org === p.account.org);
    if (voted !== undefined) {
      throw new CreditChainError('GOV_ALREADY_VOTED', `Organisation "${voted.org}" has already voted ${voted.vote} on proposal ${id} (at height ${voted.height}).`, { proposal: id });
    }
    const reply = await p.submit(voteTx({ ...p.signer, proposal: id, vote }));
    const d = reply.data as VoteData;
    const said = `Voted ${vote} on proposal ${id}`;
    if (d.status === 'passed') {
      out(`${said}: passed — ${describeOutcome(proposal.kind, proposal.payload)}.`);
    } else if (d.status === 'failed') {
      out(`${said}: it passed the vote but could not be carried out (${d.outcome}), so it failed.`);
    } else {
      out(`${said}: still open — ${describeTally(d)}; it ${needs(p.params)}; votes are taken until height ${proposal.deadline}.`);
    }
  });
}

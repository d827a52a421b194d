// Governance in words, for the CLI: what a proposal proposes, what it did when it passed, and
// the share of votes it needs.
import type { ParamsReply, ProposalReply } from '@creditchain/sdk';

/** Basis points as a percentage: 5000 → "50%", 6667 → "66.67%". */
export function percent(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`;
}

/** "(needs 50% participation, 66.67% yes)" */
export function needs(params: ParamsReply): string {
  return `needs ${percent(params.govParticipation)} participation, ${percent(params.govApproval)} yes`;
}

type Payload = Record<string, unknown>;
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.join(', ') : 'none');

function orgChanges(p: Payload): string {
  const parts: string[] = [];
  if (p.name !== undefined) parts.push(`name "${String(p.name)}"`);
  if (p.weight !== undefined) parts.push(`weight ${String(p.weight)}`);
  if (p.roles !== undefined) parts.push(`roles ${list(p.roles)}`);
  if (p.categories !== undefined) parts.push(`categories ${list(p.categories)}`);
  return parts.join(', ');
}

/** What a proposal proposes, e.g. `admit bank-c "Bank C" (bank, weight 1, …) with admin account bank-c-admin`. */
export function describeProposal(kind: string, payload: Payload): string {
  switch (kind) {
    case 'admit-org': {
      const org = (payload.org ?? {}) as Payload;
      const admin = (payload.admin ?? {}) as Payload;
      return `admit ${String(org.id)} "${String(org.name)}" (${String(org.type)}, weight ${String(org.weight)}, roles ${list(org.roles)}) with admin account ${String(admin.name)}`;
    }
    case 'update-org':
      return `update ${String(payload.id)}: ${orgChanges(payload)}`;
    case 'suspend-org':
      return `suspend ${String(payload.id)}`;
    case 'reinstate-org':
      return `reinstate ${String(payload.id)}`;
    case 'retire-org':
      return `retire ${String(payload.id)}`;
    case 'set-param':
      return `set ${String(payload.name)} to ${String(payload.value)}`;
    case 'set-validators':
      return `set the validators: ${Array.isArray(payload.validators) ? (payload.validators as Payload[]).map((v) => `${String(v.name)} ${String(v.power)}`).join(', ') : 'none'}`;
    case 'set-category':
      return `define the record category ${String(((payload.category ?? {}) as Payload).code)}`;
    case 'set-scoring-model':
      return `adopt scoring model version ${String(((payload.model ?? {}) as Payload).version)}`;
    default:
      return kind;
  }
}

/** What a passed proposal did, e.g. "bank-c admitted with admin account bank-c-admin". */
export function describeOutcome(kind: string, payload: Payload): string {
  switch (kind) {
    case 'admit-org':
      return `${String(((payload.org ?? {}) as Payload).id)} admitted with admin account ${String(((payload.admin ?? {}) as Payload).name)}`;
    case 'update-org':
      return `${String(payload.id)} updated (${orgChanges(payload)})`;
    case 'suspend-org':
      return `${String(payload.id)} suspended: its accounts may not send transactions until it is reinstated`;
    case 'reinstate-org':
      return `${String(payload.id)} reinstated`;
    case 'retire-org':
      return `${String(payload.id)} retired`;
    case 'set-param':
      return `${String(payload.name)} is now ${String(payload.value)}`;
    case 'set-validators':
      return 'the validator set replaced';
    case 'set-category':
      return `record category ${String(((payload.category ?? {}) as Payload).code)} defined`;
    case 'set-scoring-model':
      return `scoring model ${String(((payload.model ?? {}) as Payload).version)} is now in force`;
    default:
      return 'carried out';
  }
}

/** The status of a proposal in a phrase, e.g. "passed at height 12" or "open until height 100012". */
export function describeStatus(p: ProposalReply): string {
  switch (p.status) {
    case 'open':
      return `open until height ${p.deadline}`;
    case 'passed':
      return `passed at height ${p.closed}`;
    case 'failed':
      return `failed at height ${p.closed}: it passed the vote but could not be carried out (${p.outcome})`;
    case 'expired':
      return `expired at height ${p.closed} without enough votes`;
  }
}

/** "yes 3, no 1 of 9" for an open proposal's tally. */
export function describeTally(t: { yes: number; no: number; total: number }): string {
  const voted = t.total === 0 ? 0 : Math.round(((t.yes + t.no) * 10_000) / t.total);
  return `yes ${t.yes}, no ${t.no} of ${t.total} active weight (${percent(voted)} voted)`;
}

// Ledger state as the API shows it: organisations, accounts and proposals in JSON, bytes as
// lowercase hex. The shapes are the response schemas of the route table (@creditchain/sdk routes).
import { toHex, type CborValue } from '@creditchain/core';
import type { Account, Org, Proposal, Tally } from '@creditchain/ledger';

/** A CBOR value as JSON: bytes as hex, integers beyond 2^53 as decimal strings. */
export function cborJson(v: CborValue): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(cborJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cborJson(x as CborValue)]));
  return v;
}

export function orgJson(o: Org) {
  return { id: o.id, name: o.name, type: o.type, status: o.status, weight: o.weight, roles: [...o.roles], categories: [...o.categories], since: o.since };
}

export function accountJson(a: Account) {
  return {
    name: a.name,
    org: a.org,
    subject: a.subject === null ? null : toHex(a.subject),
    roles: [...a.roles],
    keys: a.keys.map((k) => ({ alg: k.alg, key: toHex(k.key), until: k.until })),
    threshold: a.threshold,
    nonce: a.nonce,
  };
}

/** A proposal; an open one with the tally of its votes so far. */
export function proposalJson(p: Proposal, tally?: Tally) {
  return {
    id: p.id,
    kind: p.kind,
    payload: cborJson(p.payload),
    proposer: p.proposer,
    org: p.org,
    height: p.height,
    deadline: p.deadline,
    status: p.status,
    votes: p.votes.map((v) => ({ org: v.org, vote: v.yes ? 'yes' : 'no', height: v.height })),
    closed: p.closed,
    outcome: p.outcome,
    ...(tally === undefined ? {} : { tally: { yes: tally.yes, no: tally.no, total: tally.total } }),
  };
}

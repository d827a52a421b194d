// Supervision over the API: the regulator dashboard's figures (GET /v1/stats), its queue of
// repair applications (GET /v1/repairs), and an organisation's own queues — its records awaiting
// review and the objections it must answer (GET /v1/orgs/:id/records, /objections).
//
// Every figure is read from indexes the ledger keeps as it executes, never by scanning all
// records or blocks: records published per day by category and queries per day by organisation
// are tallies (credit/published/<day>, consent/queries-by-org/<day>) — one small write per record
// published or query recorded, then one read per day shown; the queues are sets
// (credit/pending/<org>, disputes/open/<org>) that records and objections join and leave as
// their status changes, so a queue is read in time proportional to its length, not to the
// chain's. Being state, the figures are the same on every node and provable like any entry.
import type { FastifyRequest } from 'fastify';
import { CreditChainError } from '@creditchain/core';
import {
  CONSENT_MODULE,
  CREDIT_MODULE,
  DISPUTES_MODULE,
  REPAIR_MODULE,
  countOf,
  dayOf,
  formatDate,
  isTombstone,
  listOrgIds,
  openObjectionsSet,
  orgPendingSet,
  publishedTally,
  queriesTally,
  readApplication,
  readObjection,
  readOrg,
  readSet,
  readStanding,
  readStoredRecord,
  readTally,
  setSize,
  type Account,
  type CreditRecord,
  type Objection,
} from '@creditchain/ledger';
import { recordJson } from './credit-api.js';
import { requireReader } from './read-auth.js';
import { isOversight, newestFirst, objectionJson, repairJson } from './rights-api.js';
import type { NodeService } from './service.js';

export function supervisionHandlers(service: NodeService) {
  const chain = service.chain;
  const suite = chain.suite;
  const state = () => chain.storage;
  const height = () => chain.head.header.height;

  function isRegulator(reader: Account): boolean {
    const org = reader.org === null ? undefined : readOrg(suite, state(), reader.org);
    return org?.type === 'regulator' && org.status === 'active';
  }

  function notEntitled(what: string, who: string): never {
    throw new CreditChainError('READ_NOT_ENTITLED', `${what} is served only to ${who}.`);
  }

  /** The organisation named in the path, which must exist. */
  function orgOf(req: FastifyRequest): string {
    const { id } = req.params as { id: string };
    if (readOrg(suite, state(), id) === undefined) throw new CreditChainError('ORG_NOT_FOUND', `There is no organisation "${id}" on chain ${chain.genesis.chainId}.`, { id });
    return id;
  }

  /** The ids of a set, newest (highest) first, at most `limit`. */
  const newestOf = (module: string, name: string, limit: number) =>
    readSet(suite, state(), module, name)
      .sort((a, b) => b - a)
      .slice(0, limit);

  return {
    stats: (req: FastifyRequest) => {
      if (!isRegulator(requireReader(service, req))) notEntitled('The supervision figures', 'regulators');
      const days = (req.query as { days?: number }).days ?? 30;
      const to = dayOf(chain.head.header.time);
      const from = to - days + 1;
      const published = [];
      const queries = [];
      for (let day = from; day <= to; day++) {
        published.push({ day: formatDate(day), counts: readTally(suite, state(), CREDIT_MODULE, publishedTally(day)) });
        queries.push({ day: formatDate(day), counts: readTally(suite, state(), CONSENT_MODULE, queriesTally(day)) });
      }
      const members = listOrgIds(suite, state()).map((id) => {
        const o = readOrg(suite, state(), id)!;
        return {
          org: id,
          name: o.name,
          type: o.type,
          status: o.status,
          pendingRecords: setSize(suite, state(), CREDIT_MODULE, orgPendingSet(id)),
          openObjections: setSize(suite, state(), DISPUTES_MODULE, openObjectionsSet(id)),
          ...readStanding(suite, state(), id),
        };
      });
      return { height: height(), from: formatDate(from), to: formatDate(to), published, queries, members };
    },
    repairs: (req: FastifyRequest) => {
      if (!isRegulator(requireReader(service, req))) notEntitled('The list of repair applications', 'regulators');
      const { status, limit } = req.query as { status?: 'open' | 'approved' | 'refused'; limit?: number };
      const list = newestFirst(countOf(suite, state(), REPAIR_MODULE, 'next'), (id) => readApplication(suite, state(), id), (a) => status === undefined || a.status === status, limit ?? 100);
      return { height: height(), repairs: list.map(repairJson) };
    },
    orgRecords: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const org = orgOf(req);
      if (reader.org !== org && !isRegulator(reader)) notEntitled(`The records of ${org} awaiting review`, `the accounts of ${org} and regulators`);
      const records = newestOf(CREDIT_MODULE, orgPendingSet(org), (req.query as { limit?: number }).limit ?? 100)
        .map((id) => readStoredRecord(suite, state(), id))
        .filter((r): r is CreditRecord => r !== undefined && !isTombstone(r))
        .map(recordJson);
      return { org, height: height(), records };
    },
    orgObjections: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const org = orgOf(req);
      if (reader.org !== org && !isOversight(suite, state(), reader)) notEntitled(`The open objections to ${org}'s records`, `the accounts of ${org}, regulators and arbiters`);
      const objections = newestOf(DISPUTES_MODULE, openObjectionsSet(org), (req.query as { limit?: number }).limit ?? 100)
        .map((id) => readObjection(suite, state(), id))
        .filter((o): o is Objection => o !== undefined)
        .map(objectionJson);
      return { org, height: height(), objections };
    },
  };
}

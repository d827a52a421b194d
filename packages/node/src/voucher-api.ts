// Vouchers and points over the API. Public: classes, points rules and the ranking (pseudonyms
// only). Signed reads, each served only to the readers its route names: a class's movements (its
// supervisor's and issuer's accounts, regulators), an account's holdings (the account, its
// organisation, regulators), a voucher's trace with proofs (its issuer, supervisor, regulators and
// whoever held a voucher of its lineage), a household's points (the household, the class's
// recorders and supervisor, regulators).
import type { FastifyRequest } from 'fastify';
import { CreditChainError, fromHex, toHex } from '@creditchain/core';
import {
  VOUCHERS_MODULE,
  buildVoucherTrace,
  classEventsList,
  countOf,
  holderList,
  householdHistoryList,
  householdPseudonym,
  matchesWho,
  movementJson,
  pointsRanking,
  readHousehold,
  readList,
  readAccount,
  readMovement,
  readOrg,
  readPointsEntry,
  readVoucher,
  requireClass,
  requirePointsClass,
  voucherClassJson,
  voucherJson,
  whoToJson,
  type Account,
  type Movement,
  type PointsClass,
  type Voucher,
} from '@creditchain/ledger';
import { VOUCHER_TRACE_FILE_TYPE, type VoucherTraceFile } from '@creditchain/sdk';
import { certifyProofs } from './comet/certified-proofs.js';
import { provenEntries } from './proven-entries.js';
import { requireReader } from './read-auth.js';
import type { NodeService } from './service.js';

function notEntitled(what: string, who: string): never {
  throw new CreditChainError('READ_NOT_ENTITLED', `${what} is served only to ${who}.`);
}

export function voucherHandlers(service: NodeService) {
  const chain = service.chain;
  const suite = chain.suite;
  const state = () => chain.storage;
  const height = () => chain.head.header.height;
  const idOf = (req: FastifyRequest) => (req.params as { id: number }).id;

  /** An account of an active regulator organisation. */
  function isRegulator(reader: Account): boolean {
    const org = reader.org === null ? undefined : readOrg(suite, state(), reader.org);
    return org !== undefined && org.status === 'active' && org.type === 'regulator';
  }

  const pointsEntryJson = (c: PointsClass, id: number) => {
    const e = readPointsEntry(suite, state(), id)!;
    const label = [...c.rules, ...c.benefits].find((r) => r.code === e.code)?.label ?? e.code;
    return { id: e.id, kind: e.kind, code: e.code, label, points: e.points, by: e.by, evidence: e.evidence === null ? null : toHex(e.evidence), height: e.height, time: new Date(e.time).toISOString(), tx: toHex(e.tx), logIndex: e.logIndex };
  };

  return {
    voucherClasses: () => {
      const classes = [];
      for (let id = 1; id <= countOf(suite, state(), VOUCHERS_MODULE, 'next'); id++) classes.push(voucherClassJson(requireClass(suite, state(), id)));
      return { height: height(), classes };
    },
    voucherClass: (req: FastifyRequest) => voucherClassJson(requireClass(suite, state(), idOf(req))),
    voucherMovements: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const c = requireClass(suite, state(), idOf(req));
      if (reader.org !== c.supervisor && reader.org !== c.issuer && !isRegulator(reader)) notEntitled(`The movements of voucher class ${c.id}`, `accounts of its supervisor ${c.supervisor} and issuer ${c.issuer}, and regulators`);
      const { after, limit } = req.query as { after?: number; limit?: number };
      const movements = readList(suite, state(), VOUCHERS_MODULE, classEventsList(c.id))
        .filter((id) => id > (after ?? 0))
        .slice(0, limit ?? 1000)
        .map((id) => readMovement(suite, state(), id))
        .filter((m): m is Movement => m !== undefined)
        .map(movementJson);
      return { class: c.id, height: height(), movements };
    },
    accountVouchers: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const { name } = req.params as { name: string };
      const sameOrg = reader.org !== null && readAccount(suite, state(), name)?.org === reader.org;
      if (reader.name !== name && !sameOrg && !isRegulator(reader)) notEntitled(`The vouchers of ${name}`, 'the account itself, accounts of its organisation, and regulators');
      const seen = new Set<number>();
      const holding: Voucher[] = [];
      const past: Voucher[] = [];
      for (const id of readList(suite, state(), VOUCHERS_MODULE, holderList(name))) {
        if (seen.has(id)) continue;
        seen.add(id);
        const v = readVoucher(suite, state(), id);
        if (v === undefined) continue;
        (v.holder === name && (v.status === 'active' || v.status === 'frozen' || v.status === 'spent') ? holding : past).push(v);
      }
      return { account: name, height: height(), holding: holding.map(voucherJson), past: past.map(voucherJson) };
    },
    voucherTrace: async (req: FastifyRequest): Promise<VoucherTraceFile> => {
      const reader = requireReader(service, req);
      const id = idOf(req);
      if (readVoucher(suite, state(), id) === undefined) throw new CreditChainError('VOUCHER_NOT_FOUND', `There is no voucher ${id}.`, { voucher: id });
      // The trace is built through a reader that notes every key it reads: those entries, proven, are the proof.
      const head = chain.head;
      const read = new Map<string, Uint8Array>();
      const recording = { getState: (k: Uint8Array) => (read.set(toHex(k), k), state().getState(k)) };
      const trace = buildVoucherTrace(suite, recording, id);
      const parties = new Set<string>();
      for (const v of trace.vouchers) parties.add(v.holder);
      for (const m of trace.movements) for (const p of [m.from, m.to]) if (p !== null) parties.add(p);
      if (reader.org !== trace.class.issuer && reader.org !== trace.class.supervisor && !parties.has(reader.name) && !isRegulator(reader)) {
        notEntitled(`The trace of voucher ${id}`, 'its issuer, its supervisor, regulators, and whoever held a voucher of its lineage');
      }
      const proof = provenEntries(chain, [...read.values()], head);
      if (service.member !== undefined) await certifyProofs(chain, proof);
      return { type: VOUCHER_TRACE_FILE_TYPE, chainId: chain.genesis.chainId, suite: suite.id, verifierKey: chain.verifierKey, trace, proof };
    },
    pointsClass: (req: FastifyRequest) => {
      const c = requirePointsClass(suite, state(), idOf(req));
      return { id: c.id, issuer: c.issuer, name: c.name, recorders: whoToJson(c.recorders), supervisor: c.supervisor, rules: c.rules.map((r) => ({ ...r })), benefits: c.benefits.map((b) => ({ ...b })), height: c.height };
    },
    householdPoints: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const c = requirePointsClass(suite, state(), idOf(req));
      const ref = fromHex((req.params as { ref: string }).ref, 32);
      const own = reader.subject !== null && toHex(reader.subject) === toHex(ref);
      if (!own && reader.org !== c.supervisor && !matchesWho(suite, state(), c.recorders, reader.name) && !isRegulator(reader)) {
        notEntitled("A household's points", "the household itself, the class's recorders and supervisor, and regulators");
      }
      const h = readHousehold(suite, state(), c.id, ref);
      const history = readList(suite, state(), VOUCHERS_MODULE, householdHistoryList(c.id, ref)).map((id) => pointsEntryJson(c, id));
      return { class: c.id, household: toHex(ref), pseudonym: householdPseudonym(suite, c.id, ref), height: height(), ...h, history };
    },
    pointsRanking: (req: FastifyRequest) => {
      const c = requirePointsClass(suite, state(), idOf(req));
      return { class: c.id, name: c.name, height: height(), ranking: pointsRanking(suite, state(), c.id) };
    },
  };
}

// The credit module's reads: categories and scoring models (public), records, their details and
// subjects' reports (signed reads by entitled readers only: ledger credit/access.ts). A report
// comes with every state entry it was built from, each proven to the signed head, so anyone can
// check it offline (@creditchain/sdk verifyReport, `creditchain verify report.json`).
import type { FastifyRequest } from 'fastify';
import { CreditChainError, encodeStateProof, equalBytes, fromHex, proveKey, toHex } from '@creditchain/core';
import {
  AMOUNT_BANDS,
  categoryListKey,
  categoryToCbor,
  dayOf,
  formatDate,
  isTombstone,
  listCategoryCodes,
  mayReadRecord,
  mayReadReport,
  modelsKey,
  readCategory,
  readErasure,
  readModelIndex,
  readQuery,
  readScoringModel,
  readStoredRecord,
  readVersion,
  readerRelation,
  reportWithKeys,
  requireRecord,
  scoringModelToCbor,
  subjectRecordIds,
  type Account,
  type CreditRecord,
} from '@creditchain/ledger';
import { REPORT_FILE_TYPE, type ReportFile } from '@creditchain/sdk';
import { requireReader } from './read-auth.js';
import type { NodeService } from './service.js';
import { certifyProofs } from './comet/certified-proofs.js';
import { provenEntries } from './proven-entries.js';
import { cborJson } from './state-json.js';

export function recordJson(r: CreditRecord) {
  return {
    id: r.id,
    version: r.version,
    subject: toHex(r.subject),
    subjectKind: r.subjectKind,
    category: r.category,
    occurred: r.occurred,
    ended: r.ended,
    amountBand: r.amountBand,
    amountBandLabel: AMOUNT_BANDS[r.amountBand]!,
    details: r.details === null ? null : toHex(r.details),
    publicityDays: r.publicityDays,
    source: r.source,
    submitter: r.submitter,
    submitted: r.submitted,
    status: r.status,
    reviewer: r.reviewer,
    reviewed: r.reviewed,
    reason: r.reason,
    expires: r.expiresAt === null ? null : formatDate(dayOf(r.expiresAt)),
    disputed: r.disputed,
    tx: toHex(r.tx),
    logIndex: r.logIndex,
  };
}

/** How long after its query's block time a member may read the report the query answers. */
export const QUERY_READ_WINDOW_MS = 60 * 60 * 1000;

const ERASURE_WORDS: Readonly<Record<string, string>> = {
  'retention-ended': 'its retention period ended',
  repaired: 'the record was repaired',
  'objection-upheld': 'an objection to it was upheld',
  'court-order': 'by court order',
};

function notEntitled(what: string): never {
  throw new CreditChainError('READ_NOT_ENTITLED', `${what} is served only to the subject itself, regulators and the record's source.`);
}

export function creditHandlers(service: NodeService) {
  const chain = service.chain;
  const state = () => chain.storage;

  /** The entry at the head with its proof, as GET /v1/state/:key?prove=true gives it. */
  function provenEntry(key: Uint8Array, root: Uint8Array = chain.head.header.stateRoot) {
    const value = state().getState(key);
    return {
      key: toHex(key),
      value: value === undefined ? null : toHex(value),
      proof: toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, root, key))),
    };
  }

  /**
   * May `reader` read the report a recorded query may see? The subject and regulators may; an
   * account of the querying organisation within QUERY_READ_WINDOW_MS of the query's block time
   * (by this node's clock); no one else.
   */
  function mayReadQueriedReport(reader: Account, subject: Uint8Array, id: number, nowMs: number = service.clock.now()): void {
    const q = readQuery(chain.suite, state(), id);
    const relation = readerRelation(chain.suite, state(), reader, subject);
    const privileged = relation === 'subject' || relation === 'regulator';
    // Told apart only for those entitled to know: to anyone else a query is theirs or not.
    if (!privileged && (q === undefined || reader.org === null || reader.org !== q.org)) {
      throw new CreditChainError('READ_NOT_ENTITLED', `Query ${id} is not one ${reader.org ?? 'you'} recorded; the report a query answers is served only to the accounts of the organisation that recorded it, the subject and regulators.`, { query: id });
    }
    if (q === undefined || !equalBytes(q.subject, subject)) throw new CreditChainError('QUERY_NOT_FOUND', `There is no query ${id} about subject ${toHex(subject)}.`, { query: id });
    if (privileged) return;
    const until = q.time + QUERY_READ_WINDOW_MS;
    if (nowMs > until) {
      throw new CreditChainError('READ_NOT_ENTITLED', `The report of query ${id} was served for ${QUERY_READ_WINDOW_MS / 60_000} minutes after the query was recorded (until ${new Date(until).toISOString()}); record a new query to read it again.`, { query: id, until: new Date(until).toISOString() });
    }
  }

  function subjectOf(req: FastifyRequest): Uint8Array {
    return fromHex((req.params as { ref: string }).ref, 32);
  }

  return {
    categories: () => {
      const codes = listCategoryCodes(chain.suite, state());
      return { categories: codes.map((c) => cborJson(categoryToCbor(readCategory(chain.suite, state(), c)!))), state: provenEntry(categoryListKey(chain.suite)) };
    },
    scoringModels: () => {
      const index = readModelIndex(chain.suite, state()) ?? { active: 0, versions: [] };
      return {
        active: index.active,
        models: index.versions.map((v) => cborJson(scoringModelToCbor(readScoringModel(chain.suite, state(), v)!))),
        state: provenEntry(modelsKey(chain.suite)),
      };
    },
    record: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = (req.params as { id: number }).id;
      const r = requireRecord(chain.suite, state(), id);
      if (!mayReadRecord(chain.suite, state(), reader, r.subject, r.source)) notEntitled(`Record ${id}`);
      const versions = [];
      for (let v = 1; v < r.version; v++) {
        const old = readVersion(chain.suite, state(), id, v);
        if (old !== undefined) versions.push(recordJson(old));
      }
      return { ...recordJson(r), versions };
    },
    recordDetails: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const id = (req.params as { id: number }).id;
      const { version } = req.query as { version?: number };
      const current = requireRecord(chain.suite, state(), id);
      if (!mayReadRecord(chain.suite, state(), reader, current.subject, current.source)) notEntitled(`The details of record ${id}`);
      const r = version === undefined || version === current.version ? current : readVersion(chain.suite, state(), id, version);
      if (r === undefined) throw new CreditChainError('RECORD_NOT_FOUND', `Record ${id} has no version ${version}; it is at version ${current.version}.`, { id, version });
      if (r.details === null) throw new CreditChainError('SIDECAR_NOT_FOUND', `Version ${r.version} of record ${id} has no details.`, { id });
      // Erased by law: say so, and never serve them again (even if this node still holds a copy awaiting shredding).
      const erased = readErasure(chain.suite, state(), r.details);
      if (erased !== undefined) {
        throw new CreditChainError(
          'SIDECAR_NOT_FOUND',
          `The details of record ${id} (version ${r.version}) were erased at height ${erased.height} (${ERASURE_WORDS[erased.reason] ?? erased.reason}); the record and the commitment ${toHex(r.details)} stay on chain, and every proof still verifies.`,
          { id, version: r.version, erasedAt: erased.height, reason: erased.reason },
        );
      }
      const sidecar = chain.storage.getSidecar(r.details);
      if (sidecar === undefined) throw new CreditChainError('SIDECAR_NOT_FOUND', `This node holds no details for record ${id} (commitment ${toHex(r.details)}): they were not delivered to it, or have been erased.`, { id });
      return { id, version: r.version, commitment: toHex(r.details), salt: toHex(sidecar.salt), payload: cborJson(sidecar.payload) };
    },
    subjectRecords: (req: FastifyRequest) => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      const relation = readerRelation(chain.suite, state(), reader, subject);
      if (relation === 'other-subject') notEntitled("Another subject's records");
      const records = [];
      for (const id of subjectRecordIds(chain.suite, state(), subject)) {
        const r = readStoredRecord(chain.suite, state(), id);
        if (r === undefined || isTombstone(r)) continue;
        // A member other than a regulator sees only the records it sourced itself.
        if (relation === 'member' && r.source !== reader.org) continue;
        records.push(recordJson(r));
      }
      return { subject: toHex(subject), height: chain.head.header.height, records };
    },
    report: async (req: FastifyRequest): Promise<ReportFile> => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      const { prove, query } = req.query as { prove?: boolean; query?: number };
      if (query === undefined && !mayReadReport(chain.suite, state(), reader, subject)) {
        throw new CreditChainError(
          'READ_NOT_ENTITLED',
          readerRelation(chain.suite, state(), reader, subject) === 'member'
            ? `A member reads a subject's credit report only for a query it has recorded first: record one (creditchain query SUBJECT --purpose P --consent ID, or consent.query), then read the report with ?query=ID within ${QUERY_READ_WINDOW_MS / 60_000} minutes. A source reads its own records at /v1/subjects/:ref/records.`
            : "A subject's credit report is served only to the subject itself, to regulators, and to a member for a query it has recorded.",
        );
      }
      if (query !== undefined) mayReadQueriedReport(reader, subject, query);
      const opts = query === undefined ? {} : { query };
      const head = chain.head;
      const read = state();
      // Built once, with the keys it read: the entries its proof holds.
      const { report, keys } = reportWithKeys(chain.suite, subject, (k) => read.getState(k), { ...opts, height: head.header.height });
      const file: ReportFile = { type: REPORT_FILE_TYPE, chainId: chain.genesis.chainId, suite: chain.suite.id, verifierKey: chain.verifierKey, report };
      if (prove !== true) return file;
      const proof = provenEntries(chain, keys, head);
      // On a network the proof may point to an earlier certified checkpoint of the same state;
      // the report speaks of the height its proof names.
      if (service.member !== undefined) await certifyProofs(chain, proof);
      return { ...file, report: { ...report, height: proof.height }, proof };
    },
  };
}

// The credit module's reads: categories and scoring models (public), records, their details and
// subjects' reports (signed reads by entitled readers only: ledger credit/access.ts). A report
// comes with every state entry it was built from, each proven to the signed head, so anyone can
// check it offline (@creditchain/sdk verifyReport, `creditchain verify report.json`).
import type { FastifyRequest } from 'fastify';
import { CreditChainError, encodeStateProof, fromHex, proveKey, toHex } from '@creditchain/core';
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
  readModelIndex,
  readScoringModel,
  readStoredRecord,
  readVersion,
  readerRelation,
  reportFromState,
  reportKeys,
  requireRecord,
  scoringModelToCbor,
  subjectRecordIds,
  type CreditRecord,
} from '@creditchain/ledger';
import { REPORT_FILE_TYPE, type ReportFile } from '@creditchain/sdk';
import { requireReader } from './read-auth.js';
import type { NodeService } from './service.js';
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

function notEntitled(what: string): never {
  throw new CreditChainError('READ_NOT_ENTITLED', `${what} is served only to the subject itself, regulators and the record's source.`);
}

export function creditHandlers(service: NodeService) {
  const chain = service.chain;
  const state = () => chain.storage;

  /** The entry at the head with its proof, as GET /v1/state/:key?prove=true gives it. */
  function provenEntry(key: Uint8Array) {
    const value = state().getState(key);
    return {
      key: toHex(key),
      value: value === undefined ? null : toHex(value),
      proof: toHex(encodeStateProof(proveKey(chain.suite.hash, chain.storage.stateNodeReader, chain.head.header.stateRoot, key))),
    };
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
    report: (req: FastifyRequest): ReportFile => {
      const reader = requireReader(service, req);
      const subject = subjectOf(req);
      if (!mayReadReport(chain.suite, state(), reader, subject)) {
        throw new CreditChainError('READ_NOT_ENTITLED', "A subject's credit report is served only to the subject itself and to regulators; a source reads its own records at /v1/subjects/:ref/records.");
      }
      const head = chain.head;
      const report = reportFromState(chain.suite, state(), subject);
      const file: ReportFile = { type: REPORT_FILE_TYPE, chainId: chain.genesis.chainId, suite: chain.suite.id, verifierKey: chain.verifierKey, report };
      if ((req.query as { prove?: boolean }).prove !== true) return file;
      const keys = reportKeys(chain.suite, subject, (k) => state().getState(k));
      return {
        ...file,
        proof: { height: head.header.height, stateRoot: toHex(head.header.stateRoot), checkpoint: head.checkpoint, entries: keys.map(provenEntry) },
      };
    },
  };
}

// Contracts over the API, all public: the list, one contract (versions, code, records filed, last
// alarm) and one storage value. With ?prove=true a reply carries the state entries it was read
// from, proven by one multiproof to the signed checkpoint of the head — the proof part of a credit report, so
// the SDK's openProvenEntries checks it offline.
import type { FastifyRequest } from 'fastify';
import { CreditChainError, decodeCanonical, toHex } from '@creditchain/core';
import {
  CONTRACTS_MODULE,
  contractKey,
  contractVersionKey,
  lastAlarmKey,
  readCode,
  readContractVersion,
  readIndex,
  readList,
  readMeta,
  recordsList,
  requireMeta,
  stateKey,
  storageKey,
  indexKey,
  GasMeter,
  invoke,
  isCallable,
  readAccount,
  readParams,
  StateOverlay,
  type Caller,
  type ContractEvent,
  type ContractMeta,
  type ContractVersion,
} from '@creditchain/ledger';
import { contractVm } from './contract-vm.js';
import { provenEntries } from './proven-entries.js';
import type { NodeService } from './service.js';

const versionJson = (v: ContractVersion) => ({ ...v, codeHash: toHex(v.codeHash), sourceHash: toHex(v.sourceHash), tx: toHex(v.tx) });
const summaryJson = (m: ContractMeta) => ({ ...m, categories: [...m.categories] });

/** CBOR values as JSON: bytes as hex (a contract stores none; its events and alarms carry none either). */
function toJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

export function contractHandlers(service: NodeService) {
  const chain = service.chain;
  const suite = chain.suite;
  const state = () => chain.storage;
  const wantsProof = (req: FastifyRequest) => (req.query as { prove?: boolean } | undefined)?.prove === true;

  /** The proof part for these keys at the head (read once: the head cannot move while we answer). */
  const proofOf = (keys: readonly Uint8Array[]) => provenEntries(chain, keys);

  return {
    contracts: () => ({
      height: chain.head.header.height,
      contracts: readIndex(suite, state()).map((name) => summaryJson(readMeta(suite, state(), name)!)),
    }),
    contract: (req: FastifyRequest) => {
      const { name } = req.params as { name: string };
      const meta = requireMeta(suite, state(), name);
      const versions = Array.from({ length: meta.latest }, (_, i) => readContractVersion(suite, state(), name, i + 1)!);
      const shown = versions[(meta.active || meta.latest) - 1]!;
      const last = state().getState(lastAlarmKey(suite, name));
      const reply = {
        ...summaryJson(meta),
        records: readList(suite, state(), CONTRACTS_MODULE, recordsList(name)),
        lastAlarm: last === undefined ? null : toJson(decodeCanonical(last)),
        versions: versions.map(versionJson),
        code: readCode(suite, state(), shown.codeHash),
        height: chain.head.header.height,
      };
      if (!wantsProof(req)) return reply;
      const keys = [contractKey(suite, name), ...versions.map((v) => contractVersionKey(suite, name, v.version)), stateKey(suite, CONTRACTS_MODULE, recordsList(name)), lastAlarmKey(suite, name), indexKey(suite)];
      return { ...reply, proof: proofOf(keys) };
    },
    contractView: (req: FastifyRequest) => {
      const { name, method } = req.params as { name: string; method: string };
      const q = req.query as { args?: string; as?: string };
      if (!isCallable(method)) throw new CreditChainError('CONTRACT_NO_METHOD', `"${method}" cannot be called: onAlarm is the ledger's, and names starting with "_" are private.`, { method });
      let args: unknown = null;
      try {
        args = q.args === undefined ? null : JSON.parse(q.args);
      } catch {
        throw new CreditChainError('API_BAD_REQUEST', 'args must be JSON.');
      }
      const head = chain.head;
      const account = q.as === undefined ? undefined : readAccount(suite, state(), q.as);
      if (q.as !== undefined && account === undefined) throw new CreditChainError('ACCOUNT_NOT_FOUND', `There is no account "${q.as}".`, { account: q.as });
      const caller: Caller = account === undefined
        ? { kind: 'account', account: null, org: null, roles: [], subject: null, contract: null }
        : { kind: 'account', account: account.name, org: account.org, roles: [...account.roles], subject: account.subject === null ? null : toHex(account.subject), contract: null };
      // The head's state under a layer that is never written back; time and height the head's.
      const meter = new GasMeter(readParams(suite, state()).contractGasLimit);
      const events: ContractEvent[] = [];
      const env = { vm: contractVm, suite, genesis: chain.genesis, height: head.header.height, time: head.header.time, txId: new Uint8Array(32), logIndex: head.header.logSize, seedBase: head.hash, meter, calls: 0 };
      const result = invoke(env, new StateOverlay(state()), name, method, JSON.stringify(toJson(args) ?? null), caller, 1, events);
      return { result: JSON.parse(result) as unknown, gas: meter.used, events: events.map((e) => toJson(e)), height: head.header.height };
    },
    contractStorage: (req: FastifyRequest) => {
      const { name, key } = req.params as { name: string; key: string };
      requireMeta(suite, state(), name);
      if (key.length > 128) throw new CreditChainError('CONTRACT_LIMIT', 'A storage key is at most 128 characters.');
      const k = storageKey(suite, name, key);
      const b = state().getState(k);
      const reply = { name, key, value: b === undefined ? null : toJson(decodeCanonical(b)), height: chain.head.header.height };
      return wantsProof(req) ? { ...reply, proof: proofOf([k]) } : reply;
    },
  };
}

// The JSON a node answers, route by route (the response schemas of routes.ts, as TypeScript
// types). Bytes are lowercase hex; times are ISO 8601 UTC.

export interface StatusReply {
  chainId: string;
  height: number;
  /** Time of the head block, ISO 8601 UTC. */
  time: string;
  logSize: number;
  logRoot: string;
  stateRoot: string;
  cryptoSuite: string;
  mempool?: number;
}

export interface TxReply {
  id: string;
  status: 'pending' | 'committed';
  height?: number;
  logIndex?: number;
  /** The action's result code once committed: "ok" or an error code. */
  code?: string;
  message?: string;
  data?: unknown;
}

export interface BlockHeaderJson {
  chain: string;
  height: number;
  time: string;
  prev: string;
  txCount: number;
  txRoot: string;
  logSize: number;
  logRoot: string;
  stateRoot: string;
  resultsRoot: string;
  proposer: string;
  validators: string;
}

export interface BlockReply {
  hash: string;
  header: BlockHeaderJson;
  /** The canonical header bytes, base64. */
  headerBytes: string;
  txs: string[];
}

export interface InclusionProofReply {
  index: number;
  size: number;
  proof: string[];
}

export interface ConsistencyProofReply {
  from: number;
  to: number;
  proof: string[];
}

export interface EvidenceReply {
  hash: string;
  height: number;
  time: string;
  sender: string;
  tx: string;
  logIndex: number;
  position: number;
}

export interface StateReply {
  key: string;
  height: number;
  stateRoot: string;
  /** The value bytes in hex, or null when the key is absent (only with prove=true). */
  value: string | null;
  /** Canonical state proof, hex (prove=true). */
  proof?: string;
  /** The signed checkpoint whose state root the proof leads to (prove=true). */
  checkpoint?: string;
}

/** The state entry a reply was read from and its proof, when asked with prove: check it with verifyStateReply. */
export type StateEntryReply = StateReply & { proof: string; checkpoint: string };

export interface AccountKeyJson {
  alg: string;
  /** Public key, lowercase hex. */
  key: string;
  /** Last height at which the key may sign (a rotated-out key), or null for no limit. */
  until: number | null;
}

export interface AccountReply {
  name: string;
  /** Its organisation, or null for a subject's own account. */
  org: string | null;
  /** The subject reference (hex) of a subject's own account, else null. */
  subject: string | null;
  roles: string[];
  keys: AccountKeyJson[];
  /** How many of its keys must sign a transaction. */
  threshold: number;
  /** The nonce the account's next transaction must carry, by committed state. */
  nonce: number;
  state?: StateEntryReply;
}

export interface OrgReply {
  id: string;
  name: string;
  type: string;
  status: 'active' | 'suspended' | 'retired';
  /** The weight of its vote in governance. */
  weight: number;
  /** Roles its accounts may hold. */
  roles: string[];
  categories: string[];
  /** Height its status last changed. */
  since: number;
  state?: StateEntryReply;
}

export interface OrgsReply {
  orgs: OrgReply[];
  /** The entry listing the organisations' ids (prove). */
  state?: StateEntryReply;
}

export interface ProposalReply {
  id: number;
  kind: string;
  /** What it proposes, as sent; bytes in hex. */
  payload: Record<string, unknown>;
  proposer: string;
  org: string;
  /** Height it was proposed at. */
  height: number;
  /** Last height at which votes are taken. */
  deadline: number;
  status: 'open' | 'passed' | 'failed' | 'expired';
  votes: Array<{ org: string; vote: 'yes' | 'no'; height: number }>;
  /** Height it passed, failed or expired at. */
  closed: number | null;
  /** The error code when it passed the vote but could not be carried out. */
  outcome: string | null;
  /** An open proposal: the weight of yes and no votes so far, of all active weight. */
  tally?: { yes: number; no: number; total: number };
  state?: StateEntryReply;
}

export interface ProposalsReply {
  /** Newest first. */
  proposals: ProposalReply[];
  /** The counter of proposal ids (prove): shows the list is complete. */
  state?: StateEntryReply;
}

export interface ParamsReply {
  maxAnchorBatch: number;
  maxExpiryWindow: number;
  /** Basis points of all active weight that must vote. */
  govParticipation: number;
  /** Basis points of the voting weight that must vote yes. */
  govApproval: number;
  govVotingPeriod: number;
  /** Days a source has to answer an objection. */
  objectionDeadlineDays: number;
  state?: StateEntryReply;
}

/** One transaction's outcome in a batch (POST /v1/txs/batch). */
export interface BatchItemReply {
  id?: string;
  status: 'pending' | 'committed' | 'refused';
  height?: number;
  logIndex?: number;
  code: string;
  message: string;
}

export interface BatchReply {
  results: BatchItemReply[];
}

/** A credit record as the API shows it (GET /v1/records/:id, /v1/subjects/:ref/records). */
export interface RecordJson {
  id: number;
  version: number;
  subject: string;
  subjectKind: 'enterprise' | 'person';
  category: string;
  occurred: string;
  ended: string | null;
  amountBand: number;
  amountBandLabel: string;
  details: string | null;
  publicityDays: number | null;
  source: string;
  submitter: string;
  submitted: number;
  status: 'pending' | 'published' | 'rejected' | 'revoked' | 'expired';
  reviewer: string | null;
  reviewed: number | null;
  reason: string | null;
  expires: string | null;
  disputed: boolean;
  tx: string;
  logIndex: number;
}

export interface RecordReply extends RecordJson {
  versions: RecordJson[];
}

export interface RecordDetailsReply {
  id: number;
  version: number;
  commitment: string;
  salt: string;
  payload: Record<string, unknown>;
}

export interface SubjectRecordsReply {
  subject: string;
  height: number;
  records: RecordJson[];
}

export interface CategoriesReply {
  categories: Array<Record<string, unknown> & { code: string; name: string; nameZh: string; polarity: 'negative' | 'positive' }>;
}

export interface ScoringModelsReply {
  active: number;
  models: Array<Record<string, unknown> & { version: number; name: string }>;
}

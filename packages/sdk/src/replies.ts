// The JSON a node answers, route by route (the response schemas of routes.ts, as TypeScript
// types). Bytes are lowercase hex; times are ISO 8601 UTC.

/** GET /v1/validators. */
export interface ValidatorsReply {
  validators: { name: string; publicKey: string; key: string; power: number; address: string }[];
  /** The latest height whose checkpoint the validators certified. */
  certified?: number;
  state?: StateReply;
}

/** GET/POST /v1/dev/clock. */
export interface ClockReply {
  /** The node's clock now (ISO 8601). */
  time: string;
  offsetMs: number;
  movable: boolean;
  height: number;
  headTime: string;
}

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
  /** 1: a new voucher class waits for a regulator's approval. */
  voucherClassApproval: number;
  /** 1: a deployed or upgraded contract version waits for a regulator's approval. */
  contractApproval: number;
  /** Most gas one contract call may burn. */
  contractGasLimit: number;
  /** The rules the chain runs by (docs/protocol.md, "Protocol versions"); 3 takes packed anchor batches. */
  protocolVersion: number;
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

/** A consent to queries (GET /v1/consents/:id, /v1/subjects/:ref/consents). Times are ISO 8601 UTC. */
export interface ConsentJson {
  id: number;
  subject: string;
  /** The organisation that may query. */
  org: string;
  purpose: string;
  /** Category codes it covers, or null for all. */
  scope: string[] | null;
  /** Block time after which it allows no query. */
  until: string;
  singleUse: boolean;
  /** The account that recorded it: the subject's own, or the member holding a signed authorisation. */
  grantedBy: string;
  /** Commitment of the signed authorisation, when a member recorded it. */
  evidence: string | null;
  height: number;
  revoked: number | null;
  uses: number;
  /** At the head block. */
  status: 'active' | 'revoked' | 'expired' | 'used';
}

export interface SubjectConsentsReply {
  subject: string;
  height: number;
  /** Newest first. */
  consents: ConsentJson[];
}

/** A report query, on the record (GET /v1/subjects/:ref/queries). */
export interface QueryJson {
  id: number;
  subject: string;
  /** The account that queried, and its organisation. */
  querier: string;
  org: string;
  purpose: string;
  basis: 'consent' | 'public-information' | 'supervision' | 'court-order';
  consent: number | null;
  scope: string[] | null;
  publicOnly: boolean;
  height: number;
  time: string;
  tx: string;
  logIndex: number;
}

export interface SubjectQueriesReply {
  subject: string;
  height: number;
  /** Newest first. */
  queries: QueryJson[];
}

/** A step of a dispute: an answer, an appeal or a decision. */
export interface DisputeStepJson {
  by: string;
  height: number;
  reason: string;
  /** What was done to the record, if anything. */
  outcome: 'revoke' | 'correct' | 'confirm' | null;
}

export interface ObjectionJson {
  id: number;
  record: number;
  subject: string;
  /** The organisation that must answer. */
  source: string;
  filedBy: string;
  reason: string;
  evidence: string | null;
  height: number;
  /** Block time by which the source must answer. */
  deadline: string;
  status: 'open' | 'upheld' | 'rejected' | 'escalated' | 'appealed' | 'decided';
  answer: DisputeStepJson | null;
  appeal: DisputeStepJson | null;
  decision: DisputeStepJson | null;
}

export interface ObjectionsReply {
  height: number;
  objections: ObjectionJson[];
}

export interface SubjectObjectionsReply extends ObjectionsReply {
  subject: string;
}

export interface ComplaintJson {
  id: number;
  subject: string;
  /** The member complained about. */
  org: string;
  about: 'unauthorised-query' | 'record-kept-after-upheld-objection' | 'wrong-record' | 'other';
  reason: string;
  evidence: string | null;
  height: number;
  status: 'open' | 'upheld' | 'dismissed';
  decision: DisputeStepJson | null;
}

export interface ComplaintsReply {
  height: number;
  complaints: ComplaintJson[];
}

export interface SubjectComplaintsReply extends ComplaintsReply {
  subject: string;
}

/** What the record says of a member's conduct (GET /v1/orgs/:id/standing). */
export interface StandingReply {
  org: string;
  height: number;
  /** Objections to its records, those upheld, those whose deadline it missed. */
  objections: number;
  upheld: number;
  overdue: number;
  complaints: number;
  complaintsUpheld: number;
}

export interface SubjectRepairsReply {
  subject: string;
  height: number;
  repairs: RepairJson[];
}

export interface RepairJson {
  id: number;
  record: number;
  subject: string;
  source: string;
  reason: string;
  evidence: string;
  height: number;
  status: 'open' | 'approved' | 'refused';
  decidedBy: string | null;
  decision: string | null;
  decided: number | null;
}

/** One server-sent event (GET /v1/subjects/:ref/events, /v1/events): its name and JSON data. */
export interface ServerEvent<T = Record<string, unknown>> {
  event: string;
  /** The height of the block it comes from. */
  id?: string;
  data: T;
}

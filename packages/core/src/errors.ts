// One error type with stable codes. The table below is the single list of codes: the HTTP API
// maps `status` to its reply, docs/errors.md is generated from it, and a test checks both.

export interface ErrorSpec {
  /** HTTP status the API answers with. */
  readonly status: number;
  /** What the code means, for docs/errors.md. */
  readonly summary: string;
}

export const ERROR_CODES = {
  // encoding
  ENCODING_BAD_HEX: { status: 400, summary: 'A value expected as lowercase hex is not.' },
  ENCODING_BAD_BASE64: { status: 400, summary: 'A value expected as base64 is not.' },
  ENCODING_NON_CANONICAL: { status: 400, summary: 'Bytes are not the canonical CBOR encoding of their value (RFC 8949 §4.2).' },
  ENCODING_MALFORMED: { status: 400, summary: 'Bytes are not well-formed CBOR of the accepted subset.' },
  ENCODING_TOO_LARGE: { status: 413, summary: 'An encoded value is larger than the limit.' },
  ENCODING_BAD_SHAPE: { status: 400, summary: "A decoded value has missing, extra or wrongly typed fields, or a form the chain's protocol version does not take yet." },
  // crypto
  CRYPTO_UNKNOWN_SUITE: { status: 400, summary: 'The crypto suite is not one this node implements.' },
  CRYPTO_UNKNOWN_ALG: { status: 400, summary: 'The signature algorithm is not one this node implements.' },
  CRYPTO_BAD_KEY: { status: 400, summary: 'A public or private key is malformed.' },
  // transactions
  TX_BAD_SIGNATURE: { status: 401, summary: 'A transaction signature does not verify against the sender key.' },
  TX_WRONG_CHAIN: { status: 400, summary: 'The transaction names another chain id.' },
  TX_UNKNOWN_SENDER: { status: 403, summary: 'The sender account does not exist on this chain.' },
  TX_BAD_NONCE: { status: 409, summary: 'The nonce is not the next one expected for the sender.' },
  TX_EXPIRED: { status: 410, summary: 'The transaction expiry height has passed.' },
  TX_BAD_EXPIRY: { status: 400, summary: 'The expiry height is further ahead than the chain allows.' },
  TX_DUPLICATE: { status: 409, summary: 'The same transaction was already received or committed.' },
  TX_UNKNOWN_ACTION: { status: 400, summary: 'No module action has that name.' },
  TX_BAD_PAYLOAD: { status: 400, summary: 'The payload does not fit its action.' },
  TX_NOT_FOUND: { status: 404, summary: 'No transaction has that id.' },
  // accounts
  ACCOUNT_NOT_FOUND: { status: 404, summary: 'No account has that name on this chain.' },
  // identity and permissions
  PERMISSION_DENIED: { status: 403, summary: 'The sender lacks the role, organisation type or relation the action needs.' },
  ORG_SUSPENDED: { status: 403, summary: 'The sender\'s organisation is suspended by governance.' },
  ORG_RETIRED: { status: 403, summary: 'The sender\'s organisation has retired from the consortium.' },
  ORG_NOT_FOUND: { status: 404, summary: 'No organisation has that id.' },
  ORG_EXISTS: { status: 409, summary: 'An organisation with that id already exists.' },
  ACCOUNT_EXISTS: { status: 409, summary: 'An account with that name already exists.' },
  KEY_NOT_FOUND: { status: 404, summary: 'The account has no such key.' },
  KEY_EXISTS: { status: 409, summary: 'The account already holds that key.' },
  KEY_LAST: { status: 409, summary: 'The change would leave the account with fewer keys than its signing threshold.' },
  TX_TOO_FEW_SIGNATURES: { status: 401, summary: 'The transaction carries fewer valid signatures than the sender account requires.' },
  // governance
  GOV_PROPOSAL_NOT_FOUND: { status: 404, summary: 'No proposal has that id.' },
  GOV_PROPOSAL_CLOSED: { status: 409, summary: 'The proposal is no longer open for votes.' },
  GOV_ALREADY_VOTED: { status: 409, summary: 'The organisation has already voted on the proposal.' },
  GOV_BAD_PROPOSAL: { status: 400, summary: 'The proposal cannot be carried out as written.' },
  // subjects
  SUBJECT_BAD_ID: { status: 400, summary: 'A subject identifier (Unified Social Credit Code or resident identity number) fails its format or check character.' },
  SUBJECT_BAD_KIND: { status: 400, summary: 'A subject kind is not "enterprise" or "person".' },
  SUBJECT_BAD_SECRET: { status: 500, summary: 'The consortium secret that keys subject references is missing or shorter than 32 bytes.' },
  // evidence
  EVIDENCE_BATCH_TOO_LARGE: { status: 400, summary: 'An anchor batch holds more hashes than allowed.' },
  EVIDENCE_DUPLICATE_IN_BATCH: { status: 400, summary: 'The same hash appears twice in one anchor batch.' },
  EVIDENCE_NOT_FOUND: { status: 404, summary: 'The hash has never been anchored.' },
  // sidecars
  SIDECAR_MISSING: { status: 400, summary: 'The action needs its details delivered with it, and a committed sidecar did not arrive.' },
  SIDECAR_NOT_COMMITTED: { status: 400, summary: 'A delivered sidecar matches none of the transaction\'s sidecar commitments.' },
  SIDECAR_BAD: { status: 400, summary: 'A delivered sidecar is malformed: salt, payload or size.' },
  SIDECAR_FORBIDDEN_FIELD: { status: 422, summary: 'A sidecar holds a field the law forbids collecting, or one not defined for its category.' },
  SIDECAR_NOT_FOUND: { status: 404, summary: 'This node holds no sidecar for that commitment (never delivered, or erased).' },
  SIDECAR_ERASED: { status: 410, summary: 'The sidecar was erased by an erasure transaction: no node serves it again; the commitment stays on chain.' },
  // credit records
  CATEGORY_NOT_FOUND: { status: 404, summary: 'No record category has that code.' },
  CATEGORY_NOT_ALLOWED: { status: 403, summary: 'The sender\'s organisation may not source records of that category, or not about that kind of subject.' },
  CATEGORY_FORBIDDEN: { status: 422, summary: 'The category, or one of its fields, is information the law forbids collecting.' },
  RECORD_NOT_FOUND: { status: 404, summary: 'No credit record has that id.' },
  RECORD_BAD_STATUS: { status: 409, summary: 'The record is not in a status that allows the action.' },
  RECORD_EXPIRED: { status: 410, summary: 'The record\'s retention period has ended: it no longer counts and cannot be changed.' },
  RECORD_ERASED: { status: 410, summary: 'The record was a person\'s negative information whose period ended: it has been deleted.' },
  RECORD_BAD_DATE: { status: 400, summary: 'A record date is malformed, in the future, or out of order.' },
  RECORD_SELF_REVIEW: { status: 403, summary: 'A record must be reviewed by an account other than the one that submitted it.' },
  RECORD_NOT_SOURCE: { status: 403, summary: 'Only the record\'s source organisation may correct or revoke it.' },
  CONSENT_REQUIRED: { status: 403, summary: 'The action needs the subject\'s explicit consent recorded on chain first.' },
  SCORING_MODEL_NOT_FOUND: { status: 404, summary: 'No scoring model has that version.' },
  REPORT_INVALID: { status: 422, summary: 'A credit report does not verify: its proofs, checkpoint or contents do not match.' },
  // subjects' rights
  CONSENT_NOT_FOUND: { status: 404, summary: 'No consent has that id.' },
  CONSENT_INVALID: { status: 403, summary: 'The consent named does not allow this query: another organisation or purpose, revoked, expired, used up, or narrower in scope.' },
  QUERY_NOT_FOUND: { status: 404, summary: 'No report query has that id.' },
  OBJECTION_NOT_FOUND: { status: 404, summary: 'No objection has that id.' },
  OBJECTION_EXISTS: { status: 409, summary: 'The record already has an objection under way.' },
  OBJECTION_BAD_STATUS: { status: 409, summary: 'The objection is not in a status that allows the action.' },
  COMPLAINT_NOT_FOUND: { status: 404, summary: 'No complaint has that id.' },
  COMPLAINT_BAD_STATUS: { status: 409, summary: 'The complaint has already been decided.' },
  REPAIR_NOT_FOUND: { status: 404, summary: 'No repair application has that id.' },
  REPAIR_NOT_ALLOWED: { status: 409, summary: 'The record cannot be repaired: not a published negative record, its minimum publicity period has not passed, or an application is under way.' },
  REPAIR_BAD_STATUS: { status: 409, summary: 'The repair application has already been decided.' },
  // vouchers and points
  VOUCHER_CLASS_NOT_FOUND: { status: 404, summary: 'No voucher class has that id.' },
  VOUCHER_CLASS_NOT_ACTIVE: { status: 409, summary: 'The voucher class is not in a status that allows the action: it awaits a regulator\'s approval, was already approved, or has expired.' },
  VOUCHER_NOT_FOUND: { status: 404, summary: 'No voucher has that id.' },
  VOUCHER_NOT_HOLDER: { status: 403, summary: 'Only the voucher\'s holder may move, split, merge, spend or redeem it.' },
  VOUCHER_BAD_STATUS: { status: 409, summary: 'The voucher is not in a status that allows the action (already spent, redeemed, expired, split or merged).' },
  VOUCHER_FROZEN: { status: 409, summary: 'The voucher or its class is frozen by its supervisor.' },
  VOUCHER_EXPIRED: { status: 410, summary: 'The voucher class has reached its expiry time: its vouchers can no longer be issued, moved or spent.' },
  VOUCHER_CAP_EXCEEDED: { status: 409, summary: 'Issuing the amount would take the class beyond its total cap.' },
  VOUCHER_BAD_AMOUNT: { status: 400, summary: 'An amount is zero, not a multiple of the class\'s minimum unit, or the pieces do not add up.' },
  VOUCHER_NOT_DIVISIBLE: { status: 409, summary: 'The voucher class is not divisible: its vouchers cannot be split or merged.' },
  VOUCHER_NOT_ELIGIBLE: { status: 403, summary: 'The receiving holder, merchant or redeemer is not one the class allows.' },
  VOUCHER_PATH_FORBIDDEN: { status: 403, summary: 'The transfer is outside the transfer path the class allows.' },
  VOUCHER_NOT_REDEEMABLE: { status: 409, summary: 'The voucher class cannot be redeemed for money.' },
  VOUCHER_NOT_ISSUER: { status: 403, summary: 'Only accounts of the class\'s issuing organisation may issue it or register its merchants.' },
  VOUCHER_NOT_SUPERVISOR: { status: 403, summary: 'Only accounts of the class\'s supervising organisation may freeze or unfreeze it.' },
  VOUCHER_TRACE_INVALID: { status: 422, summary: 'A voucher trace does not verify: its proofs, checkpoint or contents do not match.' },
  POINTS_CLASS_NOT_FOUND: { status: 404, summary: 'No points class has that id.' },
  POINTS_NOT_RECORDER: { status: 403, summary: 'Only the recorders the points class names may award, deduct or record the use of points.' },
  POINTS_UNKNOWN_RULE: { status: 404, summary: 'The points class has no rule or benefit with that code, or not of that sign.' },
  POINTS_INSUFFICIENT: { status: 409, summary: 'The household has fewer points than the benefit costs.' },
  // contracts
  CONTRACT_NOT_FOUND: { status: 404, summary: 'No contract has that name, or it has no such version.' },
  CONTRACT_EXISTS: { status: 409, summary: 'A contract with that name already exists; deploy a new version with contracts.upgrade.' },
  CONTRACT_NOT_OWNER: { status: 403, summary: 'Only an admin of the organisation that deployed the contract may upgrade it.' },
  CONTRACT_NOT_APPROVED: { status: 409, summary: 'The contract has no approved version yet: a regulator must approve it before it can be called (params.contractApproval).' },
  CONTRACT_BAD_CODE: { status: 400, summary: 'The contract code does not evaluate in the contract runtime, or exports no method.' },
  CONTRACT_NO_METHOD: { status: 400, summary: 'The contract exports no callable method of that name (names starting with "_" and onAlarm cannot be called).' },
  CONTRACT_FAILED: { status: 409, summary: 'The contract threw an error; its writes were discarded. The message is the contract\'s own.' },
  CONTRACT_OUT_OF_GAS: { status: 409, summary: 'The call used all the gas it was given; its writes were discarded.' },
  CONTRACT_OUT_OF_MEMORY: { status: 409, summary: 'The call went past the memory limit of a contract runtime; its writes were discarded.' },
  CONTRACT_STACK_OVERFLOW: { status: 409, summary: 'The call went past the stack limit of a contract runtime (too deep a recursion); its writes were discarded.' },
  CONTRACT_LIMIT: { status: 409, summary: 'The call went past a limit of the host API: call depth, key or value size, events or alarms.' },
  CONTRACT_BAD_VALUE: { status: 400, summary: 'A contract argument, stored value, result or event is not a JSON value of integers, strings, booleans, null, arrays and objects.' },
  CONTRACT_CATEGORY_NOT_APPROVED: { status: 403, summary: 'The contract may file credit records only in the categories its approval names.' },
  CONTRACT_ENGINE_MISSING: { status: 500, summary: 'The node executing the block has no contract runtime loaded.' },
  // log and proofs
  LOG_INDEX_OUT_OF_RANGE: { status: 404, summary: 'A log index or tree size is beyond the log.' },
  LOG_BAD_RANGE: { status: 400, summary: 'A proof was asked for an impossible range.' },
  PROOF_INVALID: { status: 400, summary: 'A Merkle proof does not lead to the expected root.' },
  LOG_BAD_INPUT: { status: 400, summary: 'A leaf hash or node given to the log is not bytes of the log hash length.' },
  // key files
  KEY_PASSPHRASE_REQUIRED: { status: 401, summary: 'The key file is encrypted and no passphrase was given to open it.' },
  KEY_BAD_PASSPHRASE: { status: 401, summary: 'The passphrase does not open the encrypted key file (or the file was changed).' },
  KEY_PASSPHRASE_WEAK: { status: 400, summary: 'A passphrase for a key file must have at least 8 characters.' },
  // checkpoints and receipts
  CHECKPOINT_MALFORMED: { status: 400, summary: 'A checkpoint is not a well-formed signed note.' },
  CHECKPOINT_BAD_SIGNATURE: { status: 400, summary: 'No trusted signature on the checkpoint verifies.' },
  CHECKPOINT_NO_QUORUM: { status: 400, summary: 'The checkpoint is not signed by validators holding more than 2/3 of the voting power.' },
  RECEIPT_MALFORMED: { status: 400, summary: 'A receipt is not well formed.' },
  RECEIPT_HASH_MISMATCH: { status: 400, summary: 'The document does not hash to the hash the receipt proves.' },
  // state
  STATE_NOT_FOUND: { status: 404, summary: 'No state entry has that key at that height.' },
  STATE_BAD_KEY: { status: 400, summary: 'A state tree key is not 32 bytes.' },
  STATE_UNKNOWN_ROOT: { status: 404, summary: 'The store holds no state tree with that root (never written, or pruned).' },
  STATE_NODE_MISSING: { status: 500, summary: 'A node of a stored state tree is missing from the store.' },
  BLOCK_NOT_FOUND: { status: 404, summary: 'No block has that height.' },
  BLOCK_NOT_HELD: { status: 410, summary: 'The node started from a state-sync snapshot and holds no block before it (it holds the transactions and log, not the blocks); a member node with the full history has them.' },
  // node
  NODE_OVERLOADED: { status: 503, summary: 'The mempool is full; retry later. Nothing was accepted.' },
  NODE_STORAGE_FULL: { status: 507, summary: 'The node cannot write to its store (the disk is full or failing); nothing was accepted.' },
  NODE_TAMPERED: { status: 500, summary: 'The stored chain does not match its own hashes and roots.' },
  NODE_INDEX_FAILED: { status: 503, summary: "The node's index of anchored hashes could not be written; it is rebuilt from the log once the node can write again." },
  NODE_STOPPING: { status: 503, summary: 'The node is stopping: a transaction it had not yet admitted was not accepted. Send it again once the node runs.' },
  NODE_BAD_CONFIG: { status: 500, summary: 'The node configuration or genesis is invalid.' },
  NODE_TIMEOUT: { status: 504, summary: 'The transaction was accepted but not committed within the wait limit.' },
  NODE_CLOCK_FIXED: { status: 409, summary: "The node's block time is the machine's clock; only a dev node can move its clock ahead." },
  NODE_NOT_DEV: { status: 409, summary: "The route serves development nodes only (creditchain dev): this node is not one, so it offers no demo keys." },
  NODE_CLOCK_BAD_ADVANCE: { status: 400, summary: "A dev node's clock moves ahead by a positive amount of at most ten years at a time." },
  API_BAD_REQUEST: { status: 400, summary: 'The request does not match the route schema.' },
  API_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The request body has a content type the route does not take.' },
  API_NOT_FOUND: { status: 404, summary: 'No route has that path.' },
  API_RATE_LIMITED: { status: 429, summary: 'Too many requests from this client.' },
  API_AUTH_REQUIRED: { status: 401, summary: 'The read needs the reader\'s signature (CreditChain-Reader headers) and none was sent.' },
  API_AUTH_INVALID: { status: 401, summary: 'The reader\'s signature headers are malformed, stale, or do not verify against a live key of the account.' },
  READ_NOT_ENTITLED: { status: 403, summary: 'The reader is not entitled to this data: only the subject, regulators and the record\'s source may read it.' },
  PEER_AUTH_REQUIRED: { status: 401, summary: 'The route serves member nodes only: the request needs the node\'s signature (CreditChain-Node headers) and none was sent.' },
  PEER_AUTH_INVALID: { status: 401, summary: 'The node\'s signature headers are malformed, stale, or do not verify over the request.' },
  PEER_NOT_VALIDATOR: { status: 403, summary: 'The signing node\'s key is not a key of the current validator set: only member nodes may fetch sidecars from each other.' },
  INTERNAL: { status: 500, summary: 'An unexpected internal error.' },
  // ABCI socket (spoken with CometBFT, never over the HTTP API; the status is the closest HTTP meaning)
  SNAPSHOT_INVALID: { status: 400, summary: 'A state-sync snapshot offered to this node is malformed or does not give the app hash the light client trusts; the node refuses it and tries another.' },
  ABCI_FRAME_TOO_LARGE: { status: 413, summary: 'An ABCI message on the CometBFT socket is longer than the node accepts; the connection is closed.' },
  ABCI_BAD_MESSAGE: { status: 400, summary: 'Bytes on the CometBFT socket are not a length-prefixed ABCI 2.0 Request; the connection is closed.' },
  // SDK client and CLI (never sent by a node; the status is the closest HTTP meaning)
  CLIENT_BAD_URL: { status: 400, summary: 'The node URL given to the client is not an http(s) URL.' },
  CLIENT_UNREACHABLE: { status: 503, summary: 'The node did not answer at the URL (connection refused, unknown host or timeout).' },
  CLIENT_BAD_REPLY: { status: 502, summary: 'The node replied with something the API does not promise (not JSON, or an error without a code).' },
  CSV_BAD_FILE: { status: 400, summary: 'A CSV file of records cannot be read as a whole: its syntax, its header, or more rows than one file may hold.' },
  CSV_BAD_VALUE: { status: 400, summary: 'A value given to the CSV reader (an amount, today\'s date) is not written as it must be.' },
  CLI_BAD_ARGUMENT: { status: 400, summary: 'A command-line argument or option is missing or invalid.' },
  CLI_FILE_ERROR: { status: 400, summary: 'A file named on the command line cannot be read or written.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type of CreditChain: a stable code, a sentence for people, details for programs. */
export class CreditChainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CreditChainError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toJSON(): { code: ErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isCreditChainError(e: unknown): e is CreditChainError {
  return e instanceof CreditChainError;
}

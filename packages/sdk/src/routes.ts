// The one route table of the HTTP API. The node registers these routes with their schemas
// (Fastify validates requests and serialises replies from them, and @fastify/swagger turns them
// into /openapi.json); the SDK client builds its requests from the same paths.
import { creditRoutes } from './credit-routes.js';
import { rightsRoutes } from './rights-routes.js';
import { voucherRoutes } from './voucher-routes.js';
import { contractRoutes } from './contract-routes.js';
import { peerRoutes } from './peer-routes.js';
import { supervisionRoutes } from './supervision-routes.js';
import { ORG_STATUSES, ORG_TYPES, PARAM_BOUNDS, PARAM_NAMES, PROPOSAL_KINDS, ROLES } from '@creditchain/ledger';
import { MAX_TX_WITH_SIDECARS_SIZE } from './sidecars.js';
import { DEFAULT_MAX_ANCHOR_BATCH } from './anchor-tx.js';

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const evidenceSchema = {
  type: 'object',
  properties: { hash: hex32, height: uint, time: { type: 'string', format: 'date-time' }, sender: { type: 'string' }, tx: hex32, logIndex: uint, position: uint },
} as const;

/** Most transactions one batch request may carry, and its largest body. */
export const MAX_BATCH_TXS = 1000;
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Most document hashes one POST /v1/evidence/lookup asks for: one full anchor batch. */
export const MAX_EVIDENCE_LOOKUP = DEFAULT_MAX_ANCHOR_BATCH;
/** Its body: a CBOR array head (≤ 5 bytes) and, per hash, a 2-byte string head and 32 bytes. */
const MAX_EVIDENCE_LOOKUP_BYTES = 5 + MAX_EVIDENCE_LOOKUP * 34;

export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'Stable error code, listed in docs/errors.md' },
    message: { type: 'string', description: 'What went wrong, in a sentence' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

const statusSchema = {
  type: 'object',
  required: ['chainId', 'height', 'time', 'logSize', 'logRoot', 'stateRoot', 'cryptoSuite'],
  properties: {
    chainId: { type: 'string' },
    height: uint,
    time: { type: 'string', format: 'date-time' },
    logSize: uint,
    logRoot: hex32,
    stateRoot: hex32,
    cryptoSuite: { type: 'string' },
    mempool: uint,
  },
} as const;

/** The most a dev node's clock moves ahead at a time: ten years. */
export const MAX_CLOCK_ADVANCE_MS = 3653 * 86_400_000;

const clockSchema = {
  type: 'object',
  required: ['time', 'offsetMs', 'movable', 'height', 'headTime'],
  properties: {
    time: { type: 'string', format: 'date-time', description: "the node's clock now" },
    offsetMs: { ...uint, description: "how far ahead of the machine's clock it runs (0 but on a dev node moved ahead)" },
    movable: { type: 'boolean', description: 'whether it may be moved ahead (dev nodes only)' },
    height: { ...uint, description: 'the head block: after a move, the block cut at the new time if one was due' },
    headTime: { type: 'string', format: 'date-time', description: "the head block's time" },
  },
} as const;

const txResultSchema = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: hex32,
    status: { type: 'string', enum: ['pending', 'committed'] },
    height: uint,
    logIndex: uint,
    code: { type: 'string' },
    message: { type: 'string' },
    data: {},
  },
} as const;

const proofSchema = {
  type: 'object',
  required: ['proof'],
  properties: { proof: { type: 'array', items: hex32 }, size: uint, index: uint, from: uint, to: uint, root: hex32 },
} as const;

const headerSchema = {
  type: 'object',
  properties: {
    chain: { type: 'string' },
    height: uint,
    time: { type: 'string', format: 'date-time' },
    prev: hex32,
    txCount: uint,
    txRoot: hex32,
    logSize: uint,
    logRoot: hex32,
    stateRoot: hex32,
    resultsRoot: hex32,
    proposer: { type: 'string' },
    validators: hex32,
  },
} as const;

const NAME = '^[a-z0-9][a-z0-9._-]{0,63}$';
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const hex = { type: 'string', pattern: '^[0-9a-f]*$', description: 'bytes, lowercase hex' } as const;
const roleList = { type: 'array', items: { type: 'string', enum: ROLES } } as const;

const proveQuery = {
  type: 'object',
  properties: { prove: { type: 'boolean', description: 'also return the state entry the reply was read from, with a proof to a signed checkpoint' } },
  additionalProperties: false,
} as const;

/**
 * The state entry a reply was read from, with its proof (prove=true): the same fields as
 * GET /v1/state/:key, so `verifyStateReply` checks it; the value decodes to the reply.
 */
export const provenStateSchema = {
  type: 'object',
  required: ['key', 'value', 'height', 'stateRoot', 'proof', 'checkpoint'],
  properties: {
    key: hex32,
    value: nullable(hex),
    height: uint,
    stateRoot: hex32,
    proof: { type: 'string', pattern: '^[0-9a-f]*$', description: 'canonical state proof, hex' },
    checkpoint: { type: 'string', description: 'the signed checkpoint (C2SP signed note) whose state root the proof leads to' },
  },
} as const;

function withState<T extends { type: 'object'; properties: object }>(schema: T) {
  return { ...schema, properties: { ...schema.properties, state: provenStateSchema } } as const;
}

const accountKeySchema = {
  type: 'object',
  required: ['alg', 'key', 'until'],
  properties: { alg: { type: 'string' }, key: hex, until: nullable({ ...uint, description: 'last height it may sign at (a rotated-out key), or null' }) },
} as const;

const accountSchema = {
  type: 'object',
  required: ['name', 'org', 'subject', 'roles', 'keys', 'threshold', 'nonce'],
  properties: {
    name: { type: 'string' },
    org: nullable({ type: 'string', description: "its organisation, or null for a subject's own account" }),
    subject: nullable({ ...hex32, description: "the subject reference of a subject's own account, else null" }),
    roles: roleList,
    keys: { type: 'array', items: accountKeySchema },
    threshold: uint,
    nonce: uint,
  },
} as const;

const orgSchema = {
  type: 'object',
  required: ['id', 'name', 'type', 'status', 'weight', 'roles', 'categories', 'since'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string', enum: ORG_TYPES },
    status: { type: 'string', enum: ORG_STATUSES },
    weight: uint,
    roles: roleList,
    categories: { type: 'array', items: { type: 'string' } },
    since: { ...uint, description: 'height its status last changed' },
  },
} as const;

const proposalSchema = {
  type: 'object',
  required: ['id', 'kind', 'payload', 'proposer', 'org', 'height', 'deadline', 'status', 'votes', 'closed', 'outcome'],
  properties: {
    id: uint,
    kind: { type: 'string', enum: PROPOSAL_KINDS },
    payload: { type: 'object', additionalProperties: true, description: 'what it proposes, as sent (bytes in hex)' },
    proposer: { type: 'string' },
    org: { type: 'string' },
    height: { ...uint, description: 'height it was proposed at' },
    deadline: { ...uint, description: 'last height at which votes are taken' },
    status: { type: 'string', enum: ['open', 'passed', 'failed', 'expired'] },
    votes: {
      type: 'array',
      items: { type: 'object', required: ['org', 'vote', 'height'], properties: { org: { type: 'string' }, vote: { type: 'string', enum: ['yes', 'no'] }, height: uint } },
    },
    closed: nullable({ ...uint, description: 'height it passed, failed or expired at' }),
    outcome: nullable({ type: 'string', description: 'the error code when it passed but could not be carried out' }),
    tally: {
      type: 'object',
      description: 'an open proposal: the weight of the yes and no votes of active organisations, of all active weight',
      required: ['yes', 'no', 'total'],
      properties: { yes: uint, no: uint, total: uint },
    },
  },
} as const;

const paramsSchema = {
  type: 'object',
  required: PARAM_NAMES,
  properties: Object.fromEntries(PARAM_NAMES.map((n) => [n, { type: 'integer', minimum: PARAM_BOUNDS[n][0], maximum: PARAM_BOUNDS[n][1] }])) as Record<(typeof PARAM_NAMES)[number], { type: 'integer'; minimum: number; maximum: number }>,
} as const;

export const routes = {
  status: { method: 'GET', url: '/v1/status', summary: 'Chain id, height, log and state roots', response: statusSchema },
  clock: {
    method: 'GET',
    url: '/v1/dev/clock',
    summary: "This node's clock, which the next block's time is taken from, and how far a dev node's clock was moved ahead of the machine's",
    response: clockSchema,
  },
  advanceClock: {
    method: 'POST',
    url: '/v1/dev/clock',
    summary: "Moves a dev node's clock ahead by advanceMs (creditchain clock advance; never back) and cuts the block then due — the first of a later day runs that day's expiries and objection deadlines. A member node refuses with NODE_CLOCK_FIXED",
    querystring: { type: 'object', required: ['advanceMs'], properties: { advanceMs: { type: 'integer', minimum: 1, maximum: MAX_CLOCK_ADVANCE_MS } }, additionalProperties: false },
    response: clockSchema,
  },
  devKeys: {
    method: 'GET',
    url: '/v1/dev/keys',
    summary: "A dev node's demo accounts with their key files (creditchain dev writes them to keys/), for the console's demo sign-in: test keys of a throw-away chain. Any other node refuses with NODE_NOT_DEV",
    response: {
      type: 'object',
      required: ['accounts'],
      properties: {
        accounts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'org', 'subject', 'roles', 'key'],
            properties: {
              name: { type: 'string' },
              org: nullable({ type: 'string' }),
              subject: nullable(hex32),
              roles: roleList,
              key: {
                type: 'object',
                required: ['type', 'suite', 'publicKey', 'privateKey'],
                properties: { type: { type: 'string' }, suite: { type: 'string' }, account: { type: 'string' }, publicKey: hex, privateKey: hex },
              },
            },
          },
        },
      },
    },
  },
  submitTxs: {
    method: 'POST',
    url: '/v1/txs/batch',
    summary: `Submit up to ${MAX_BATCH_TXS} signed transactions in one request: a canonical CBOR array of byte strings (Content-Type application/cbor), each a signed transaction or a transaction with its sidecars, canonical {tx: bytes, sidecars: [{salt: bytes, payload: map}, …]}. Each is admitted on its own, in order; the reply gives each outcome`,
    querystring: { type: 'object', properties: { wait: { type: 'string', enum: ['none', 'commit'] } }, additionalProperties: false },
    bodyLimit: MAX_BATCH_BYTES,
    response: {
      type: 'object',
      required: ['results'],
      properties: {
        results: {
          type: 'array',
          items: {
            type: 'object',
            required: ['status', 'code', 'message'],
            properties: {
              id: hex32,
              status: { type: 'string', enum: ['pending', 'committed', 'refused'] },
              height: uint,
              logIndex: uint,
              code: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
  submitTx: {
    method: 'POST',
    url: '/v1/txs',
    summary: `Submit one signed transaction (canonical CBOR bytes, Content-Type application/cbor), or a transaction with its sidecars: canonical {tx: bytes, sidecars: [{salt: bytes, payload: map}, …]}, at most ${MAX_TX_WITH_SIDECARS_SIZE} bytes. Each sidecar must match a commitment H(salt ‖ canonical payload) in the transaction; the node stores it once the transaction commits with "ok"`,
    querystring: { type: 'object', properties: { wait: { type: 'string', enum: ['none', 'commit'] } }, additionalProperties: false },
    bodyLimit: MAX_TX_WITH_SIDECARS_SIZE,
    response: txResultSchema,
  },
  getTx: { method: 'GET', url: '/v1/txs/:id', summary: 'A transaction: its status, result and log index', params: { type: 'object', required: ['id'], properties: { id: hex32 } }, response: txResultSchema },
  getBlock: {
    method: 'GET',
    url: '/v1/blocks/:height',
    summary: 'A block: header, hash and transaction ids. A node restored from a state-sync snapshot holds no block before it (BLOCK_NOT_HELD, 410)',
    params: { type: 'object', required: ['height'], properties: { height: uint } },
    response: { type: 'object', properties: { hash: hex32, header: headerSchema, headerBytes: { type: 'string' }, txs: { type: 'array', items: hex32 } } },
  },
  latestCheckpoint: { method: 'GET', url: '/v1/checkpoints/latest', summary: 'The latest checkpoint, a C2SP signed note (text/plain)' },
  validators: {
    method: 'GET',
    url: '/v1/validators',
    summary: "A CometBFT network's validator set (empty on a solo chain): each validator's name, Ed25519 key, note verifier key and power — what `creditchain verify --validators` checks a certified checkpoint against",
    querystring: proveQuery,
    response: withState({
      type: 'object',
      required: ['validators'],
      properties: {
        validators: {
          type: 'array',
          items: { type: 'object', required: ['name', 'publicKey', 'key', 'power', 'address'], properties: { name: { type: 'string' }, publicKey: hex32, key: { type: 'string', description: 'note verifier key' }, power: uint, address: { type: 'string', description: "CometBFT's address: SHA-256 of the key, first 20 bytes, hex" } } },
        },
        certified: { ...uint, description: 'the latest height whose checkpoint the validators certified' },
      },
    }),
  },
  checkpointKey: { method: 'GET', url: '/v1/checkpoints/key', summary: 'The note verifier key of this node: name+keyid+base64key (text/plain)' },
  logEntry: {
    method: 'GET',
    url: '/v1/log/entries/:index',
    summary: 'The bytes of one log leaf (application/cbor)',
    params: { type: 'object', required: ['index'], properties: { index: uint } },
  },
  inclusionProof: {
    method: 'GET',
    url: '/v1/log/proofs/inclusion',
    summary: 'RFC 9162 inclusion proof of a leaf in the tree of a given size',
    querystring: { type: 'object', required: ['index', 'size'], properties: { index: uint, size: uint }, additionalProperties: false },
    response: proofSchema,
  },
  consistencyProof: {
    method: 'GET',
    url: '/v1/log/proofs/consistency',
    summary: 'RFC 9162 consistency proof between two tree sizes',
    querystring: { type: 'object', required: ['from', 'to'], properties: { from: uint, to: uint }, additionalProperties: false },
    response: proofSchema,
  },
  evidence: {
    method: 'GET',
    url: '/v1/evidence/:hash',
    summary: 'The first anchoring of a document hash',
    params: { type: 'object', required: ['hash'], properties: { hash: hex32 } },
    response: evidenceSchema,
  },
  evidenceLookup: {
    method: 'POST',
    url: '/v1/evidence/lookup',
    summary: `The first anchorings of up to ${MAX_EVIDENCE_LOOKUP} document hashes in one request (a client that anchored a batch asks which of its hashes were anchored before): a canonical CBOR array of 32-byte byte strings (Content-Type application/cbor). results[i] answers hashes[i] as GET /v1/evidence/:hash does, null where it has not been anchored`,
    bodyLimit: MAX_EVIDENCE_LOOKUP_BYTES,
    response: { type: 'object', properties: { results: { type: 'array', items: { ...evidenceSchema, type: ['object', 'null'] } } } },
  },
  evidenceReceipt: {
    method: 'GET',
    url: '/v1/evidence/:hash/receipt',
    summary: 'A receipt that proves the anchoring offline (see docs/protocol.md)',
    params: { type: 'object', required: ['hash'], properties: { hash: hex32 } },
  },
  state: {
    method: 'GET',
    url: '/v1/state/:key',
    summary: 'A state entry by its 32-byte key, with a proof to the state root when prove=true',
    params: { type: 'object', required: ['key'], properties: { key: hex32 } },
    querystring: { type: 'object', properties: { prove: { type: 'boolean' } }, additionalProperties: false },
  },
  account: {
    method: 'GET',
    url: '/v1/accounts/:name',
    summary: "An account: its organisation, roles, keys, threshold and the nonce its next transaction must carry (committed state; the sender's pending transactions are not counted)",
    params: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: NAME } } },
    querystring: proveQuery,
    response: withState(accountSchema),
  },
  orgs: {
    method: 'GET',
    url: '/v1/orgs',
    summary: 'Every organisation of the consortium, active, suspended or retired',
    querystring: proveQuery,
    response: withState({ type: 'object', required: ['orgs'], properties: { orgs: { type: 'array', items: withState(orgSchema) } } }),
  },
  org: {
    method: 'GET',
    url: '/v1/orgs/:id',
    summary: 'One organisation: type, status, voting weight, the roles its accounts may hold',
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: NAME } } },
    querystring: proveQuery,
    response: withState(orgSchema),
  },
  proposals: {
    method: 'GET',
    url: '/v1/proposals',
    summary: 'Every governance proposal, newest first',
    querystring: proveQuery,
    response: withState({ type: 'object', required: ['proposals'], properties: { proposals: { type: 'array', items: withState(proposalSchema) } } }),
  },
  proposal: {
    method: 'GET',
    url: '/v1/proposals/:id',
    summary: 'One governance proposal: what it proposes, its votes and its status',
    params: { type: 'object', required: ['id'], properties: { id: uint } },
    querystring: proveQuery,
    response: withState(proposalSchema),
  },
  params: {
    method: 'GET',
    url: '/v1/params',
    summary: 'The chain parameters in force, as governance last set them',
    querystring: proveQuery,
    response: withState(paramsSchema),
  },
  ...creditRoutes,
  ...rightsRoutes,
  ...voucherRoutes,
  ...contractRoutes,
  ...supervisionRoutes,
  ...peerRoutes,
} as const;

export type RouteName = keyof typeof routes;

// The one route table of the HTTP API. The node registers these routes with their schemas
// (Fastify validates requests and serialises replies from them, and @fastify/swagger turns them
// into /openapi.json); the SDK client builds its requests from the same paths.

const hex32 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: '32 bytes, lowercase hex' } as const;
const uint = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

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

export const routes = {
  status: { method: 'GET', url: '/v1/status', summary: 'Chain id, height, log and state roots', response: statusSchema },
  submitTx: {
    method: 'POST',
    url: '/v1/txs',
    summary: 'Submit one signed transaction (canonical CBOR bytes, Content-Type application/cbor)',
    querystring: { type: 'object', properties: { wait: { type: 'string', enum: ['none', 'commit'] } }, additionalProperties: false },
    response: txResultSchema,
  },
  getTx: { method: 'GET', url: '/v1/txs/:id', summary: 'A transaction: its status, result and log index', params: { type: 'object', required: ['id'], properties: { id: hex32 } }, response: txResultSchema },
  getBlock: {
    method: 'GET',
    url: '/v1/blocks/:height',
    summary: 'A block: header, hash and transaction ids',
    params: { type: 'object', required: ['height'], properties: { height: uint } },
    response: { type: 'object', properties: { hash: hex32, header: headerSchema, headerBytes: { type: 'string' }, txs: { type: 'array', items: hex32 } } },
  },
  latestCheckpoint: { method: 'GET', url: '/v1/checkpoints/latest', summary: 'The latest checkpoint, a C2SP signed note (text/plain)' },
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
    response: {
      type: 'object',
      properties: { hash: hex32, height: uint, time: { type: 'string', format: 'date-time' }, sender: { type: 'string' }, tx: hex32, logIndex: uint, position: uint },
    },
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
    summary: "An account: its public keys and the nonce its next transaction must carry (committed state; the sender's pending transactions are not counted)",
    params: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } } },
    response: {
      type: 'object',
      required: ['name', 'nonce', 'keys'],
      properties: { name: { type: 'string' }, nonce: uint, keys: { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]+$', description: 'public key, lowercase hex' } } },
    },
  },
} as const;

export type RouteName = keyof typeof routes;

// The node's log proofs, checked by an independent RFC 9162 verifier: the Go reference
// implementation github.com/transparency-dev/merkle, driven by tools/rfc9162-verify (see its
// README). A node runs in this process; anchor transactions are committed in blocks of
// irregular sizes, the checkpoint after every block is recorded, and then every inclusion proof
// of every leaf at every checkpoint size and the consistency proof between every pair of
// checkpoints, all fetched over HTTP, must verify in Go. A few corrupted cases must not.
//
// Go is required: the test fails, rather than skips, without it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSuite } from '@creditchain/core';
import { initDevDataDir, NodeService } from '@creditchain/node';
import type { KeyPair } from '@creditchain/sdk';
import { anchorTx, nonceOf, submit } from './support/chain-client.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TOOL_DIR = join(ROOT, 'tools', 'rfc9162-verify');
const BIN_DIR = join(ROOT, '.cache', 'bin');
const BIN = join(BIN_DIR, process.platform === 'win32' ? 'rfc9162-verify.exe' : 'rfc9162-verify');
const CHAIN = 'creditchain-dev';

// Leaves per block: irregular, with checkpoints at 1, 2, 4, 8, 16 and 32 (where a tree's left
// part is perfect and a consistency proof omits the first root) and at sizes just past them.
const BLOCKS = [1, 1, 1, 1, 3, 1, 5, 3, 1, 4, 3, 7, 1, 1, 5, 2];
const TOTAL = BLOCKS.reduce((a, b) => a + b, 0); // 40
const MAX_BLOCK = Math.max(...BLOCKS);

// ---- the Go verifier ---------------------------------------------------------------------------

interface InclusionCase { id: string; leaf: string; index: number; size: number; proof: string[]; root: string }
interface ConsistencyCase { id: string; size1: number; size2: number; proof: string[]; root1: string; root2: string }
interface CaseResult { kind: 'inclusion' | 'consistency'; n: number; id?: string; ok: boolean; error?: string }
interface VerifyRun { status: number | null; results: CaseResult[]; summary: { inclusion: number; consistency: number; failed: number }; stderr: string }

function mtime(file: string): number {
  return statSync(file).mtimeMs;
}

/** Builds tools/rfc9162-verify into .cache/bin unless the binary is newer than its sources. */
function buildVerifier(): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error !== undefined || go.status !== 0) {
    throw new Error(
      'Go is required for test/rfc9162-independent.test.ts: it builds tools/rfc9162-verify (the transparency-dev/merkle ' +
        `reference verifier) with \`go build\`, but \`go version\` failed (${go.error?.message ?? go.stderr.trim()}). ` +
        'Install Go 1.22 or newer and put `go` on PATH.',
    );
  }
  const sources = ['main.go', 'go.mod', 'go.sum'].map((f) => join(TOOL_DIR, f));
  if (existsSync(BIN) && sources.every((s) => mtime(s) < mtime(BIN))) return;
  mkdirSync(BIN_DIR, { recursive: true });
  // Build beside the target and rename, so a concurrent run never executes a half-written file.
  const tmp = `${BIN}.${process.pid}.tmp`;
  const build = spawnSync('go', ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-o', tmp, '.'], {
    cwd: TOOL_DIR,
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (build.error !== undefined || build.status !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`go build of tools/rfc9162-verify failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stderr}`);
  }
  renameSync(tmp, BIN);
}

function runVerifier(hash: 'sha256' | 'sm3', inclusion: InclusionCase[], consistency: ConsistencyCase[]): VerifyRun {
  const r = spawnSync(BIN, [], { input: JSON.stringify({ hash, inclusion, consistency }), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 30_000 });
  if (r.error !== undefined) throw r.error;
  if (r.status === 2 || r.status === null) throw new Error(`rfc9162-verify refused its input (exit ${r.status}): ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.pop() as VerifyRun['summary'] & { summary?: boolean };
  expect(summary.summary).toBe(true);
  return { status: r.status, results: lines as unknown as CaseResult[], summary, stderr: r.stderr };
}

// ---- the node ----------------------------------------------------------------------------------

interface Checkpoint { size: number; root: string; text: string }

/** Line 2 and line 3 of the C2SP checkpoint note, read here without the project's parser. */
function readCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  const size = Number(lines[1]);
  const root = Buffer.from(lines[2] ?? '', 'base64');
  if (!/^(0|[1-9][0-9]*)$/.test(lines[1] ?? '') || root.length !== 32) throw new Error(`not a checkpoint:\n${text}`);
  return { size, root: root.toString('hex'), text };
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

beforeAll(() => {
  buildVerifier();
}, 180_000);

// An intl chain's log hashes with SHA-256 (RFC 9162's own); a gm chain's with SM3, which the Go
// driver plugs into the same library's proof algorithms.
describe.each([
  ['intl', 'sha256'],
  ['gm', 'sm3'],
] as const)('log proofs of a %s chain against transparency-dev/merkle (Go, RFC 9162, %s)', (suiteId, hash) => {
  let dataDir = '';
  let service: NodeService | undefined;
  let keys: KeyPair[] = [];
  afterAll(async () => {
    await service?.stop();
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
  });

  const checkpoints: Checkpoint[] = [];
  const leaves: string[] = [];

  it('commits anchor transactions in blocks of irregular sizes, recording every checkpoint', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cc-rfc9162-'));
    // One sender per transaction of a block, so a block's transactions can be posted at once.
    keys = initDevDataDir(dataDir, { extraAccounts: MAX_BLOCK, suite: suiteId }).filter((k) => k.account!.startsWith('load-'));
    service = await NodeService.start(dataDir, { overrides: { port: 0 }, log: () => {} });
    const url = service.url;
    const senders = keys.slice(0, MAX_BLOCK);
    const nonces = new Map<string, number>();
    for (const k of senders) nonces.set(k.account!, await nonceOf(url, k.account!));

    let anchored = 0;
    for (const count of BLOCKS) {
      const txs = senders.slice(0, count).map((k) => {
        const nonce = nonces.get(k.account!)!;
        nonces.set(k.account!, nonce + 1);
        const docHash = createHash('sha256').update(`rfc9162-independent ${anchored++}`).digest();
        return anchorTx(CHAIN, k.account!, k.seed, nonce, [new Uint8Array(docHash)], 50_000, getSuite(suiteId));
      });
      const replies = await Promise.all(
        txs.map(async (tx) => {
          const { status, body } = await submit(url, tx); // POST /v1/txs?wait=commit, application/cbor
          expect(status, JSON.stringify(body)).toBe(200);
          expect(body.code).toBe('ok');
          return body;
        }),
      );
      const heights = new Set(replies.map((b) => b.height));
      const cp = readCheckpoint(await (await fetch(`${url}/v1/checkpoints/latest`)).text());
      // The sequencer's timer could, rarely, cut a block between the posts of one batch; the
      // latest checkpoint is still a true one, the batch just adds two sizes instead of one.
      if (heights.size !== 1) console.warn(`rfc9162-independent: a batch of ${count} spread over blocks ${[...heights].join(', ')}`);
      expect(cp.size).toBe(anchored);
      checkpoints.push(cp);
    }
    expect(anchored).toBe(TOTAL);
    expect(checkpoints.map((c) => c.size)).toEqual([1, 2, 3, 4, 7, 8, 13, 16, 17, 21, 24, 31, 32, 33, 38, 40]);

    for (let i = 0; i < TOTAL; i++) {
      const r = await fetch(`${url}/v1/log/entries/${i}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/cbor/);
      leaves.push(Buffer.from(await r.arrayBuffer()).toString('hex'));
    }
  });

  it('every inclusion proof and every consistency proof verifies in Go; corrupted ones do not', async () => {
    expect(checkpoints.length).toBeGreaterThan(0);
    const url = service!.url;

    const inclusion: InclusionCase[] = [];
    for (const cp of checkpoints) {
      const proofs = await Promise.all(
        Array.from({ length: cp.size }, (_, index) => getJson<{ proof: string[] }>(`${url}/v1/log/proofs/inclusion?index=${index}&size=${cp.size}`)),
      );
      proofs.forEach(({ proof }, index) => inclusion.push({ id: `incl ${index}@${cp.size}`, leaf: leaves[index]!, index, size: cp.size, proof, root: cp.root }));
    }

    const pairs: Array<[Checkpoint, Checkpoint]> = [];
    for (let i = 0; i < checkpoints.length; i++) for (let j = i; j < checkpoints.length; j++) pairs.push([checkpoints[i]!, checkpoints[j]!]);
    const consistency: ConsistencyCase[] = await Promise.all(
      pairs.map(async ([a, b]) => {
        const { proof } = await getJson<{ proof: string[] }>(`${url}/v1/log/proofs/consistency?from=${a.size}&to=${b.size}`);
        return { id: `cons ${a.size}->${b.size}`, size1: a.size, size2: b.size, proof, root1: a.root, root2: b.root };
      }),
    );

    // 1. Everything the node serves verifies.
    const good = runVerifier(hash, inclusion, consistency);
    const failures = good.results.filter((r) => !r.ok);
    expect(failures, JSON.stringify(failures.slice(0, 5), null, 1)).toEqual([]);
    expect(good.status).toBe(0);
    expect(good.summary).toMatchObject({ inclusion: inclusion.length, consistency: consistency.length, failed: 0 });
    const n = checkpoints.length;
    expect(inclusion.length).toBe(checkpoints.reduce((s, c) => s + c.size, 0));
    expect(consistency.length).toBe((n * (n + 1)) / 2);

    // 2. Corrupted copies are rejected, and only they: the run mixes them with valid cases.
    const flip = (hex: string, at = 0): string => {
      const b = Buffer.from(hex, 'hex');
      const i = at % b.length;
      b.writeUInt8(b.readUInt8(i) ^ 0x01, i);
      return b.toString('hex');
    };
    const incl = (index: number, size: number) => inclusion.find((c) => c.index === index && c.size === size)!;
    const cons = (size1: number, size2: number) => consistency.find((c) => c.size1 === size1 && c.size2 === size2)!;
    const badInclusion: InclusionCase[] = [
      { ...incl(5, 40), id: 'bad: flipped byte in inclusion proof hash', proof: incl(5, 40).proof.map((h, i) => (i === 2 ? flip(h, 7) : h)) },
      { ...incl(5, 40), id: 'bad: wrong index (6 for the proof of 5)', index: 6 },
      { ...incl(16, 17), id: 'bad: wrong index (15 for the proof of 16)', index: 15 },
      { ...incl(5, 40), id: 'bad: leaf of another entry', leaf: leaves[9]! },
      { ...incl(30, 33), id: 'bad: root of the checkpoint before', root: incl(30, 32).root },
      { ...incl(30, 33), id: 'bad: last proof hash dropped', proof: incl(30, 33).proof.slice(0, -1) },
    ];
    const badConsistency: ConsistencyCase[] = [
      { ...cons(13, 38), id: 'bad: flipped byte in consistency proof hash', proof: cons(13, 38).proof.map((h, i) => (i === 1 ? flip(h, 31) : h)) },
      { ...cons(8, 33), id: 'bad: flipped byte in first consistency proof hash', proof: cons(8, 33).proof.map((h, i) => (i === 0 ? flip(h) : h)) },
      { ...cons(7, 21), id: 'bad: flipped byte in the old root', root1: flip(cons(7, 21).root1, 3) },
      { ...cons(7, 21), id: 'bad: wrong first size (8 for the proof from 7)', size1: 8, root1: cons(8, 21).root1 },
      { ...cons(3, 40), id: 'bad: empty proof', proof: [] },
    ];
    const okInclusion = [incl(0, 1), incl(5, 40), incl(39, 40), incl(16, 17), incl(30, 33)];
    const okConsistency = [cons(1, 40), cons(13, 38), cons(8, 33), cons(7, 21), cons(40, 40)];
    const mixed = runVerifier(hash, [...okInclusion, ...badInclusion], [...okConsistency, ...badConsistency]);
    expect(mixed.status).toBe(1);
    const rejected = mixed.results.filter((r) => !r.ok).map((r) => r.id).sort();
    const expected = [...badInclusion, ...badConsistency].map((c) => c.id).sort();
    expect(rejected).toEqual(expected);
    expect(mixed.summary.failed).toBe(expected.length);
    for (const r of mixed.results) if (!r.ok) expect(r.error, r.id).toBeTruthy();

    console.info(
      `rfc9162-independent: transparency-dev/merkle verified ${good.summary.inclusion} inclusion and ${good.summary.consistency} consistency proofs ` +
        `over ${n} checkpoints (sizes ${checkpoints.map((c) => c.size).join(',')}); it rejected all ${expected.length} corrupted cases and no valid one.`,
    );
  });
});

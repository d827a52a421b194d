// post-quantum: signatures and verifications per second, on one core, of the post-quantum account
// key algorithms (ML-DSA-65, SLH-DSA-SHA2-128s), each compared with Ed25519 verifications per
// second measured in the same run. `node bench/post-quantum.mjs` after building; writes
// bench/results/post-quantum.json.
import { pathToFileURL } from 'node:url';
import { ed25519, mlDsa65, slhDsa, utf8 } from '@creditchain/core';
import { rate, report, SIGNED_MESSAGES } from './lib.mjs';

const DURATION_MS = Number(process.env.BENCH_PQ_MS ?? 2000);
// Roughly a signed transaction body: the messages are signed whole, as signTx does.
const MESSAGES = SIGNED_MESSAGES;


function seedOf(alg, label) {
  return Uint8Array.from({ length: alg.secretLength }, (_, i) => (i * 31 + label.length * 7 + label.charCodeAt(i % label.length)) & 0xff);
}

/** Key generation (uncached seeds), signing and verification rates of one algorithm. */
function measure(alg, { signatures, keygens }) {
  const keygenStart = performance.now();
  for (let i = 0; i < keygens; i++) alg.publicKeyOf(seedOf(alg, `keygen ${i}`));
  const keygenMs = (performance.now() - keygenStart) / keygens;

  const seed = seedOf(alg, 'bench');
  const publicKey = alg.publicKeyOf(seed);
  const sigs = [];
  const signsPerSecond = rate((i) => {
    const sig = alg.sign(seed, MESSAGES[i % MESSAGES.length]);
    if (sigs.length < signatures) sigs.push(sig);
  }, DURATION_MS, signatures);
  const verifiesPerSecond = rate((i) => {
    if (!alg.verify(publicKey, MESSAGES[i % sigs.length], sigs[i % sigs.length])) throw new Error(`${alg.name}: verify failed`);
  }, DURATION_MS);
  return { keygenMs, signsPerSecond, verifiesPerSecond };
}

export async function run() {
  const ed = measure(ed25519, { signatures: 64, keygens: 64 });
  const ml = measure(mlDsa65, { signatures: 64, keygens: 64 });
  // An SLH-DSA signature takes over a second: a few signatures, verified in turn.
  const slh = measure(slhDsa, { signatures: 3, keygens: 3 });
  const figures = {
    'Ed25519 verify/s': ed.verifiesPerSecond,
    'Ed25519 sign/s': ed.signsPerSecond,
    'ML-DSA-65 verify/s': ml.verifiesPerSecond,
    'ML-DSA-65 sign/s': ml.signsPerSecond,
    'ML-DSA-65 keygen ms': ml.keygenMs,
    'ML-DSA-65 verify / Ed25519 verify': ml.verifiesPerSecond / ed.verifiesPerSecond,
    'SLH-DSA-SHA2-128s verify/s': slh.verifiesPerSecond,
    'SLH-DSA-SHA2-128s sign/s': slh.signsPerSecond,
    'SLH-DSA-SHA2-128s keygen ms': slh.keygenMs,
    'SLH-DSA-SHA2-128s verify / Ed25519 verify': slh.verifiesPerSecond / ed.verifiesPerSecond,
    'signature bytes (Ed25519 / ML-DSA-65 / SLH-DSA)': `${ed25519.signatureLength} / ${mlDsa65.signatureLength} / ${slhDsa.signatureLength}`,
    'public key bytes (Ed25519 / ML-DSA-65 / SLH-DSA)': `${ed25519.publicKeyLength} / ${mlDsa65.publicKeyLength} / ${slhDsa.publicKeyLength}`,
  };
  return {
    scenario: 'post-quantum',
    figure: ml.verifiesPerSecond,
    unit: 'ML-DSA-65 verifies/s (one core)',
    reference: { name: 'Ed25519', figure: ed.verifiesPerSecond, unit: 'verifies/s (one core)' },
    figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(6)) : v])),
    parameters: { durationMs: DURATION_MS, messageBytes: MESSAGES[0].length, cores: 1 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  report(await run(), { json: process.argv.includes('--json') });
}

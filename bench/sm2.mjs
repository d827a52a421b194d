// sm2: SM2 verifications and signatures per second on one core (the `gm` suite's default
// algorithm), compared with Ed25519 verifications per second measured in the same run.
// `node bench/sm2.mjs` after building; writes bench/results/sm2.json.
//
// "key seen before" is the common case — an account signs many transactions — where the key's
// tables are in the cache; "first use of a key" includes building them. For context it also
// measures two paths CreditChain does not take: SM2 verification on noble's points alone, and
// node:crypto's SM2 (OpenSSL), which can only use an empty signer ID.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { concatBytes, ed25519, sm2, sm2Scheme, SM2_P256V1, sm3, utf8 } from '@creditchain/core';
import { rate, report, SIGNED_MESSAGES } from './lib.mjs';

const DURATION_MS = Number(process.env.BENCH_SM2_MS ?? 2000);
// Roughly a signed transaction body, as in bench/post-quantum.mjs.
const MESSAGES = SIGNED_MESSAGES;


function signAndVerify(alg, seed) {
  const publicKey = alg.publicKeyOf(seed);
  const sigs = MESSAGES.map((m) => alg.sign(seed, m));
  const signsPerSecond = rate((i) => alg.sign(seed, MESSAGES[i % 64]), DURATION_MS);
  const verifiesPerSecond = rate((i) => {
    if (!alg.verify(publicKey, MESSAGES[i % 64], sigs[i % 64])) throw new Error(`${alg.name}: verify failed`);
  }, DURATION_MS);
  return { signsPerSecond, verifiesPerSecond, publicKey, sigs };
}

/** SM2 verification with each key used once: the tables are built inside the measurement. */
function firstUse(count) {
  const keys = Array.from({ length: count }, (_, i) => sm3(utf8(`sm2 bench first-use key ${i}`)));
  const items = keys.map((k, i) => ({ publicKey: sm2.publicKeyOf(k), message: MESSAGES[i % 64], signature: sm2.sign(k, MESSAGES[i % 64]) }));
  const start = performance.now();
  for (const { publicKey, message, signature } of items) if (!sm2.verify(publicKey, message, signature)) throw new Error('SM2: verify failed');
  return count / ((performance.now() - start) / 1000);
}

/** GB/T 32918.2 §7.1 on noble's points: sG + tP by noble's double-scalar multiplication. */
function nobleVerifyRate(publicKey, sigs) {
  const Point = weierstrass({ ...SM2_P256V1, h: 1n });
  const { n } = SM2_P256V1;
  const za = sm2Scheme.za(publicKey);
  const big = (b) => BigInt(`0x${Buffer.from(b).toString('hex')}`);
  return rate((i) => {
    const sig = sigs[i % 64];
    const r = big(sig.subarray(0, 32));
    const s = big(sig.subarray(32));
    const e = big(sm3(concatBytes(za, MESSAGES[i % 64])));
    const P = Point.fromBytes(publicKey);
    const x1 = Point.BASE.mulAddUnsafe(s, P, (r + s) % n).toAffine().x;
    if ((e + x1) % n !== r) throw new Error('noble SM2: verify failed');
  }, DURATION_MS);
}

/** node:crypto SM2 (OpenSSL 3), empty signer ID: a key imported from DER is an SM2 key. */
function opensslRate(seed) {
  const pkcs8 = Buffer.concat([Buffer.from('3041020100301306072a8648ce3d020106082a811ccf5501822d042730250201010420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' });
  const sigs = MESSAGES.map((m) => nodeSign('sm3', m, privateKey));
  const signsPerSecond = rate((i) => nodeSign('sm3', MESSAGES[i % 64], privateKey), DURATION_MS);
  const verifiesPerSecond = rate((i) => {
    if (!nodeVerify('sm3', MESSAGES[i % 64], publicKey, sigs[i % 64])) throw new Error('OpenSSL SM2: verify failed');
  }, DURATION_MS);
  return { signsPerSecond, verifiesPerSecond };
}

export async function run() {
  const ed = signAndVerify(ed25519, sm3(utf8('ed25519 bench key')));
  const seed = sm3(utf8('sm2 bench key'));
  const gm = signAndVerify(sm2, seed);
  const first = firstUse(1000);
  const keygenStart = performance.now();
  for (let i = 0; i < 200; i++) sm2.publicKeyOf(sm3(utf8(`sm2 bench keygen ${i}`)));
  const keygenMs = (performance.now() - keygenStart) / 200;
  const noble = nobleVerifyRate(gm.publicKey, gm.sigs);
  const ossl = opensslRate(seed);
  const figures = {
    'Ed25519 verify/s': ed.verifiesPerSecond,
    'Ed25519 sign/s': ed.signsPerSecond,
    'SM2 verify/s (key seen before)': gm.verifiesPerSecond,
    'SM2 verify/s (first use of a key)': first,
    'SM2 sign/s': gm.signsPerSecond,
    'SM2 keygen ms': keygenMs,
    'SM2 verify / Ed25519 verify': gm.verifiesPerSecond / ed.verifiesPerSecond,
    'SM2 sign / Ed25519 sign': gm.signsPerSecond / ed.signsPerSecond,
    'not used: SM2 verify/s on noble points alone': noble,
    'not used: node:crypto SM2 verify/s (empty ID only)': ossl.verifiesPerSecond,
    'not used: node:crypto SM2 sign/s (empty ID only)': ossl.signsPerSecond,
  };
  return {
    scenario: 'sm2',
    figure: gm.verifiesPerSecond,
    unit: 'SM2 verifies/s (one core, key seen before)',
    reference: { name: 'Ed25519', figure: ed.verifiesPerSecond, unit: 'verifies/s (one core)' },
    figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(6)) : v])),
    parameters: { durationMs: DURATION_MS, messageBytes: MESSAGES[0].length, firstUseKeys: 1000, cores: 1 },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  report(await run(), { json: process.argv.includes('--json') });
}

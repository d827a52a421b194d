// `creditchain subject ref` and `creditchain subject bind`: a subject's on-chain reference is
// HMAC-SHA-256 of its validated, normalised identifier under the consortium secret, which lives
// in node configuration (config.json `subjectSecret`) and never on the chain. A registrar binds
// a subject's own key, committing to the identity evidence it checked; the evidence itself and
// its salt stay with the registrar (FILE.sidecar.json), only the commitment goes on chain.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { concatBytes, detectSubjectId, encodeCanonical, fromHex, parseSubjectId, subjectRef, toHex, type SubjectKind } from '@creditchain/core';
import { buildTx } from '@creditchain/sdk';
import { loadConfig } from '../config.js';
import { readPublicKey } from './args.js';
import { fileError, out } from './output.js';
import { writeJsonFile } from './files.js';
import { addSenderOptions, dataDirOf, prepare, resolveSender, type SenderOptions } from './target.js';
import { badArgument } from './output.js';

export function kindOf(value: string): SubjectKind {
  if (value !== 'enterprise' && value !== 'person') throw badArgument(`--kind is "enterprise" (a Unified Social Credit Code) or "person" (a resident ID number), not "${value}".`);
  return value;
}

export function secretOf(opts: { data?: string; secret?: string }): Uint8Array {
  if (opts.secret !== undefined) return fromHex(opts.secret.trim(), 32);
  const dir = dataDirOf(opts, true, 'the node data directory with --data DIR (its config.json holds the consortium subject secret), or the secret with --secret HEX')!;
  const hex = loadConfig(dir).subjectSecret;
  if (hex === undefined) throw badArgument(`${dir}/config.json holds no subjectSecret; add the consortium's 32-byte secret there (the same on every member node).`);
  return fromHex(hex, 32);
}

export function register(program: Command): void {
  const subject = program.command('subject').description("subjects' pseudonymous references and their own accounts");

  subject
    .command('ref')
    .description("validate a subject's identifier and print its on-chain reference (the identifier itself never goes on chain)")
    .argument('<id>', 'a Unified Social Credit Code or a resident ID number')
    .option('--kind <kind>', 'enterprise or person (needed only when the identifier could be either)')
    .option('--data <dir>', 'node data directory whose config.json holds the consortium subject secret')
    .option('--secret <hex>', 'the consortium subject secret, instead of --data')
    .action((id: string, opts: { kind?: string; data?: string; secret?: string }) => {
      const parsed = detectSubjectId(id, opts.kind === undefined ? undefined : kindOf(opts.kind));
      out(`${parsed.kind} ${parsed.id}`);
      out(`reference ${toHex(subjectRef(secretOf(opts), parsed))}`);
    });

  addSenderOptions(
    subject
      .command('bind')
      .description("create a subject's own account bound to its reference (the sender needs the registrar role)")
      .argument('<id>', 'the subject\'s Unified Social Credit Code or resident ID number')
      .requiredOption('--kind <kind>', 'enterprise or person')
      .requiredOption('--name <account>', 'name of the subject\'s account')
      .requiredOption('--public-key <file|hex>', "the subject's public key (a key file: only its public half is used)")
      .requiredOption('--evidence <file>', 'the identity evidence the registrar checked; its commitment goes on chain, the file stays here')
      .option('--secret <hex>', 'the consortium subject secret (default: from the node data directory)'),
  ).action(async (id: string, opts: SenderOptions & { kind: string; name: string; publicKey: string; evidence: string; secret?: string }) => {
    const parsed = parseSubjectId(kindOf(opts.kind), id);
    const ref = subjectRef(secretOf(opts), parsed);
    const p = await prepare(resolveSender(opts));
    let evidence: Uint8Array;
    try {
      evidence = new Uint8Array(readFileSync(opts.evidence));
    } catch (e) {
      throw fileError(e, opts.evidence, 'read');
    }
    // The sidecar: {document: H(file), name}; its commitment is H(salt ‖ canonical sidecar).
    const salt = new Uint8Array(randomBytes(32));
    const sidecar = { document: p.suite.hash(evidence), name: basename(opts.evidence) };
    const commitment = p.suite.hash(concatBytes(salt, encodeCanonical(sidecar)));
    const key = readPublicKey(opts.publicKey, p.suite.id, '--public-key');
    const tx = buildTx({ ...p.signer, module: 'identity', action: 'bind-subject', payload: { name: opts.name, subject: ref, keys: [{ alg: key.alg, key: key.key }] }, sidecars: [commitment] });
    const reply = await p.submit(tx);
    const sidecarFile = `${opts.evidence}.sidecar.json`;
    writeJsonFile(sidecarFile, { commitment: toHex(commitment), salt: toHex(salt), sidecar: { document: toHex(sidecar.document), name: sidecar.name }, tx: reply.id }, 0o600);
    out(`Bound ${parsed.kind} subject to account ${opts.name} at height ${reply.height}: reference ${toHex(ref)}.`);
    out(`The evidence stays here; its commitment ${toHex(commitment)} is on chain, and ${sidecarFile} opens it.`);
  });
}

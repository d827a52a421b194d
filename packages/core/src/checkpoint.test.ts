import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from './bytes.js';
import {
  formatCheckpoint,
  formatVerifierKey,
  isValidKeyName,
  noteKeyId,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  signNote,
  type NoteVerifier,
} from './checkpoint.js';
import { intlSuite, sha256 } from './crypto-suite.js';
import { CreditChainError, type ErrorCode } from './errors.js';

interface NoteVectors {
  keys: { name: string; signerKey?: string; seedHex?: string; verifierKey: string; keyIdHex: string }[];
  badVerifierKeys: { vkey: string }[];
  signatureLines: Record<'PeterNeumann' | 'EnochRoot', string>;
  notes: { id: string; text: string; note: string; signers?: string[]; trusted: string[]; verifiedBy?: string[]; error?: ErrorCode }[];
}
interface CheckpointVectors {
  valid: { id: string; text: string; origin: string; size: number; rootHashBase64: string; extensions: string[] }[];
  invalid: { id: string; text: string }[];
}
const load = <T>(path: string): T => JSON.parse(readFileSync(new URL(`../../../test/vectors/${path}`, import.meta.url), 'utf8')) as T;
const V = load<NoteVectors>('c2sp-note/notes.json');
const CP = load<CheckpointVectors>('c2sp-note/checkpoints.json');

const key = (name: string) => V.keys.find((k) => k.name === name)!;
const vkeyOf = (name: string) => key(name).verifierKey;
const peter = key('PeterNeumann');
const peterSeed = fromHex(peter.seedHex!);
const TEXT = V.notes[0]!.text;
const PETER_SIG = V.signatureLines.PeterNeumann;
const ENOCH_SIG = V.signatureLines.EnochRoot;

function codeOf(f: () => unknown): ErrorCode | 'no error' | 'not a CreditChainError' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof CreditChainError ? e.code : 'not a CreditChainError';
  }
}

function errorOf(f: () => unknown): CreditChainError {
  try {
    f();
  } catch (e) {
    if (e instanceof CreditChainError) return e;
    throw e;
  }
  throw new Error('expected a CreditChainError');
}

const seedA = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const seedB = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);

describe('note keys', () => {
  it('derive the PeterNeumann seed, key id and verifier key of golang.org/x/mod', () => {
    const b64 = peter.signerKey!.split('+').slice(4).join('+');
    expect(toHex(fromBase64(b64))).toBe('01' + peter.seedHex);
    const publicKey = intlSuite.publicKeyOf(peterSeed);
    expect(noteKeyId('PeterNeumann', publicKey).toString(16).padStart(8, '0')).toBe(peter.keyIdHex);
    expect(noteKeyId('PeterNeumann', publicKey)).toBe(0xc74f20a3);
    expect(formatVerifierKey('PeterNeumann', publicKey)).toBe(peter.verifierKey);
  });

  it('parse every vector verifier key and format it back', () => {
    for (const k of V.keys) {
      const v = parseVerifierKey(k.verifierKey);
      expect(v.name).toBe(k.name);
      expect(v.keyId.toString(16).padStart(8, '0')).toBe(k.keyIdHex);
      expect(v.publicKey).toHaveLength(32);
      expect(formatVerifierKey(v.name, v.publicKey)).toBe(k.verifierKey);
    }
  });

  it('refuse the mangled verifier keys of the Go tests', () => {
    for (const { vkey } of V.badVerifierKeys) expect(codeOf(() => parseVerifierKey(vkey))).toBe('CRYPTO_BAD_KEY');
  });

  it('refuse every proper substring and every single-character change of a verifier key (as x/mod TestNewVerifier)', () => {
    const vkey = peter.verifierKey;
    for (let i = 0; i <= vkey.length; i++) {
      for (let j = i + 1; j <= vkey.length; j++) {
        if (i === 0 && j === vkey.length) continue;
        expect(codeOf(() => parseVerifierKey(vkey.slice(i, j))), vkey.slice(i, j)).toBe('CRYPTO_BAD_KEY');
      }
    }
    for (let i = 0; i < vkey.length; i++) {
      const changed = vkey.slice(0, i) + String.fromCharCode(vkey.charCodeAt(i) + 1) + vkey.slice(i + 1);
      expect(codeOf(() => parseVerifierKey(changed)), changed).toBe('CRYPTO_BAD_KEY');
    }
  });

  it('refuse uppercase key ids and other signature types', () => {
    expect(codeOf(() => parseVerifierKey(peter.verifierKey.replace('c74f20a3', 'C74F20A3')))).toBe('CRYPTO_BAD_KEY');
    const pk = intlSuite.publicKeyOf(seedA);
    const id = noteKeyId('a', pk).toString(16).padStart(8, '0');
    expect(parseVerifierKey(`a+${id}+${toBase64(Uint8Array.of(0x01, ...pk))}`).publicKey).toEqual(pk);
    expect(codeOf(() => parseVerifierKey(`a+${id}+${toBase64(Uint8Array.of(0x02, ...pk))}`))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => parseVerifierKey(`a+${id}+`))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => parseVerifierKey(42 as unknown as string))).toBe('CRYPTO_BAD_KEY');
  });

  it('validate names as the spec says: non-empty, no plus, no Unicode space', () => {
    for (const good of ['PeterNeumann', 'example.com/log42', 'ünïcødé', 'a']) expect(isValidKeyName(good), good).toBe(true);
    for (const bad of ['', 'a+b', 'a b', 'a\tb', 'a\nb', 'a\u00a0b', 'a\u0085b', 'a\u2003b', 'a\u3000b', 'a\u2028b', 'a\u0001b', 'a\ud800b']) {
      expect(isValidKeyName(bad), JSON.stringify(bad)).toBe(false);
      expect(codeOf(() => noteKeyId(bad, intlSuite.publicKeyOf(seedA)))).toBe('CRYPTO_BAD_KEY');
    }
    expect(codeOf(() => noteKeyId('a', new Uint8Array(31)))).toBe('CRYPTO_BAD_KEY');
  });
});

describe('signNote', () => {
  it('reproduces the signed note of x/mod TestSign byte for byte', () => {
    const vector = V.notes.find((n) => n.id === 'go-sign')!;
    expect(signNote(vector.text, [{ name: 'PeterNeumann', seed: peterSeed }])).toBe(vector.note);
  });

  it('lists one line per signer, in order', () => {
    const note = signNote('hello\n', [{ name: 'a.example/log', seed: seedA }, { name: 'b.example/witness', seed: seedB }]);
    const lines = note.split('\n');
    expect(lines.slice(0, 2)).toEqual(['hello', '']);
    expect(lines[2]).toMatch(/^\u2014 a\.example\/log [A-Za-z0-9+/]{91}=$/);
    expect(lines[3]).toMatch(/^\u2014 b\.example\/witness /);
    expect(lines[4]).toBe('');
  });

  it('refuses texts not ending in newline, control characters, lone surrogates, no signers, bad names, bad seeds, repeated signers', () => {
    const s = [{ name: 'a', seed: seedA }];
    expect(codeOf(() => signNote('abc', s))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => signNote('', s))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => signNote('a\u0001b\n', s))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => signNote('a\rb\n', s))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => signNote('a\ud800\n', s))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => signNote('a\n', []))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => signNote('a\n', [{ name: 'bad name', seed: seedA }]))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => signNote('a\n', [{ name: 'a', seed: new Uint8Array(31) }]))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => signNote('a\n', [...s, ...s]))).toBe('CRYPTO_BAD_KEY');
  });
});

describe('openNote', () => {
  it('opens every vector note as its vector says', () => {
    for (const n of V.notes) {
      const trusted = n.trusted.map(vkeyOf);
      if (n.error !== undefined) {
        expect(codeOf(() => openNote(n.note, trusted)), n.id).toBe(n.error);
        continue;
      }
      for (const input of [n.note, utf8(n.note)]) {
        const opened = openNote(input, trusted);
        expect(opened.text, n.id).toBe(n.text);
        expect(opened.verifiedBy, n.id).toEqual(n.verifiedBy);
        expect(opened.verifiedKeys.map((k) => k.name), n.id).toEqual(n.verifiedBy);
      }
    }
  });

  it('accepts parsed verifier objects as well as verifier key texts', () => {
    const v: NoteVerifier = parseVerifierKey(peter.verifierKey);
    expect(openNote(V.notes[0]!.note, [v]).verifiedBy).toEqual(['PeterNeumann']);
    expect(codeOf(() => openNote(V.notes[0]!.note, [{ ...v, keyId: v.keyId ^ 1 }]))).toBe('CRYPTO_BAD_KEY');
    expect(codeOf(() => openNote(V.notes[0]!.note, [null as unknown as NoteVerifier]))).toBe('CRYPTO_BAD_KEY');
  });

  it('round-trips: what signNote makes, openNote opens, for one or several signers', () => {
    const texts = ['a\n', '\n', 'two\n\nparagraphs\n', 'ends with blank lines\n\n\n', '— looks like a signature line\n', 'ünïcødé 水 😀\n', '\ufeffbyte order mark\n'];
    const a = { name: 'a.example/log', seed: seedA };
    const b = { name: 'b.example/witness', seed: seedB };
    const trusted = [formatVerifierKey(a.name, intlSuite.publicKeyOf(a.seed)), formatVerifierKey(b.name, intlSuite.publicKeyOf(b.seed))];
    for (const text of texts) {
      const note = signNote(text, [a, b]);
      const [va, vb] = trusted.map(parseVerifierKey);
      expect(openNote(note, trusted)).toEqual({ text, verifiedBy: [a.name, b.name], verifiedKeys: [va, vb] });
      expect(openNote(note, trusted.slice(1))).toEqual({ text, verifiedBy: [b.name], verifiedKeys: [vb] });
    }
  });

  it('fails on a note whose text was changed by one byte, naming the key', () => {
    const note = utf8(V.notes[0]!.note);
    const textLength = utf8(TEXT).length;
    for (let i = 0; i < textLength - 1; i++) {
      const tampered = note.slice();
      tampered[i] = tampered[i]! ^ 0x01;
      // Flipping the low bit of an ASCII letter keeps it printable: a signature failure, not a malformed note.
      if (tampered[i]! < 0x20) continue;
      const e = errorOf(() => openNote(tampered, [peter.verifierKey]));
      expect(e.code).toBe('CHECKPOINT_BAD_SIGNATURE');
      expect(e.message).toContain('PeterNeumann+c74f20a3');
    }
  });

  it('fails on a signature changed by one bit, and on the signature of another key under the same name', () => {
    const sigB64 = PETER_SIG.slice('— PeterNeumann '.length, -1);
    const sig = fromBase64(sigB64);
    for (const at of [4, 20, 35, 36, 50, 67]) {
      const bad = sig.slice();
      bad[at] = bad[at]! ^ 0x10;
      const note = `${TEXT}\n— PeterNeumann ${toBase64(bad)}\n`;
      expect(codeOf(() => openNote(note, [peter.verifierKey])), `byte ${at}`).toBe('CHECKPOINT_BAD_SIGNATURE');
    }
    // x/mod TestOpen "Invalid signature": ABCD spliced into the base64.
    const spliced = `${TEXT}\n${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(errorOf(() => openNote(spliced, [peter.verifierKey])).message).toContain('PeterNeumann+c74f20a3');
    // A key whose id happens to match but whose key differs cannot exist by construction, so use a
    // trusted key with the same name: its id differs, the signature is ignored, and none is left.
    const other = formatVerifierKey('PeterNeumann', intlSuite.publicKeyOf(seedA));
    expect(codeOf(() => openNote(V.notes[0]!.note, [other]))).toBe('CHECKPOINT_BAD_SIGNATURE');
    // A verifier object claiming PeterNeumann's id for another key is a configuration error.
    const wrongKey: NoteVerifier = { name: 'PeterNeumann', keyId: 0xc74f20a3, publicKey: intlSuite.publicKeyOf(seedA) };
    expect(codeOf(() => openNote(V.notes[0]!.note, [wrongKey]))).toBe('CRYPTO_BAD_KEY');
  });

  it('signed by another key entirely: no signature from a trusted key', () => {
    const note = signNote(TEXT, [{ name: 'PeterNeumann', seed: seedA }]);
    const e = errorOf(() => openNote(note, [peter.verifierKey]));
    expect(e.code).toBe('CHECKPOINT_BAD_SIGNATURE');
    expect(e.message).toMatch(/no signature from a trusted key/);
    expect(e.message).toContain('PeterNeumann');
  });

  it('ignores unknown signatures, even sharing a name or an id with a trusted key', () => {
    const sameName = signNote(TEXT, [{ name: 'PeterNeumann', seed: seedA }]).split('\n\n')[1]!;
    const sameIdOtherName = PETER_SIG.replace('PeterNeumann', 'CarmenSandiego');
    const note = `${TEXT}\n${sameName}${sameIdOtherName}${ENOCH_SIG}${PETER_SIG}`;
    expect(openNote(note, [peter.verifierKey]).verifiedBy).toEqual(['PeterNeumann']);
    expect(codeOf(() => openNote(`${TEXT}\n${sameName}${sameIdOtherName}`, [peter.verifierKey]))).toBe('CHECKPOINT_BAD_SIGNATURE');
  });

  it('counts a repeated trusted signature once, and verifies every copy', () => {
    const note = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}`;
    expect(openNote(note, [peter.verifierKey, vkeyOf('EnochRoot')]).verifiedBy).toEqual(['PeterNeumann', 'EnochRoot']);
    const badCopy = `${TEXT}\n${PETER_SIG}${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(codeOf(() => openNote(badCopy, [peter.verifierKey]))).toBe('CHECKPOINT_BAD_SIGNATURE');
    // Unknown duplicates, valid or not, are simply ignored (x/mod TestOpen "Duplicated verified and unverified").
    const dupUnknown = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    expect(openNote(dupUnknown, [peter.verifierKey]).verifiedBy).toEqual(['PeterNeumann']);
  });

  it('refuses two different trusted keys behind one name and key id', () => {
    // Key ids are 32 bits: a birthday search over keys SHA-256("twin <i>") found these two,
    // which share the id 17f76cf0 under the name "twin".
    const k1 = sha256(utf8('twin 21997'));
    const k2 = sha256(utf8('twin 95178'));
    expect(noteKeyId('twin', k1)).toBe(0x17f76cf0);
    expect(noteKeyId('twin', k2)).toBe(0x17f76cf0);
    const e = errorOf(() => openNote(V.notes[0]!.note, [formatVerifierKey('twin', k1), formatVerifierKey('twin', k2)]));
    expect(e.code).toBe('CRYPTO_BAD_KEY');
    expect(e.message).toContain('share the name "twin"');
    // The same key listed twice, in either form, is fine.
    const v = parseVerifierKey(peter.verifierKey);
    expect(openNote(V.notes[0]!.note, [v, v, peter.verifierKey]).verifiedBy).toEqual(['PeterNeumann']);
  });

  it('limits the number of signature lines (100 by default, at least 16 always accepted)', () => {
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(16)}`, [peter.verifierKey], { maxSignatures: 16 }).verifiedBy).toEqual(['PeterNeumann']);
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter.verifierKey]).verifiedBy).toEqual(['PeterNeumann']);
    expect(codeOf(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter.verifierKey]))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, []))).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuses malformed notes (x/mod TestOpen bad messages and more)', () => {
    const bad: [string, string | Uint8Array][] = [
      ['text only', TEXT],
      ['text and blank line', `${TEXT}\n`],
      ['no final newline', `${TEXT}\n${PETER_SIG.slice(0, -1)}`],
      ['control character', `\u0001${TEXT}\n${PETER_SIG}`],
      ['carriage return', `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`],
      ['invalid UTF-8', Uint8Array.of(0xff, ...utf8(`${TEXT}\n${PETER_SIG}`))],
      ['lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`],
      ['space in name', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`],
      ['space in name, newline', `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
      ['unexpected line', `${TEXT}\n${PETER_SIG}Unexpected line.\n`],
      ['hyphen, not em dash', `${TEXT}\n${PETER_SIG.replace('—', '-')}`],
      ['en dash, not em dash', `${TEXT}\n${PETER_SIG.replace('—', '\u2013')}`],
      ['no space after dash', `${TEXT}\n${PETER_SIG.replace('— ', '—')}`],
      ['two spaces after name', `${TEXT}\n${PETER_SIG.replace('PeterNeumann ', 'PeterNeumann  ')}`],
      ['trailing space', `${TEXT}\n${PETER_SIG.replace('=\n', '= \n')}`],
      ['no signature', `${TEXT}\n— PeterNeumann\n`],
      ['empty signature', `${TEXT}\n— PeterNeumann \n`],
      ['short signature', `${TEXT}\n— PeterNeumann x08g\n`],
      ['unpadded base64', `${TEXT}\n${PETER_SIG.replace('=\n', '\n')}`],
      ['plus in name', `${TEXT}\n${PETER_SIG.replace('PeterNeumann', 'Peter+Neumann')}`],
      ['empty name', `${TEXT}\n${PETER_SIG.replace('PeterNeumann', '')}`],
      ['blank line at end', `${TEXT}\n${PETER_SIG}\n`],
    ];
    for (const [what, note] of bad) {
      expect(codeOf(() => openNote(note, [peter.verifierKey])), what).toBe('CHECKPOINT_MALFORMED');
    }
    expect(codeOf(() => openNote(42 as unknown as string, []))).toBe('CHECKPOINT_MALFORMED');
  });

  it('splits the text from the signatures at the last blank line', () => {
    // A blank line inside the signature block makes the lines before it part of the text.
    const note = `${TEXT}\n${ENOCH_SIG}\n${PETER_SIG}`;
    expect(codeOf(() => openNote(note, [peter.verifierKey]))).toBe('CHECKPOINT_BAD_SIGNATURE');
    expect(codeOf(() => openNote(note, [vkeyOf('EnochRoot')]))).toBe('CHECKPOINT_BAD_SIGNATURE');
  });
});

describe('checkpoints', () => {
  const root = sha256(utf8('root'));
  const state = sha256(utf8('state'));

  it('parse and format the vector checkpoints', () => {
    for (const v of CP.valid) {
      const cp = parseCheckpoint(v.text);
      expect(cp, v.id).toEqual({ origin: v.origin, size: v.size, rootHash: fromBase64(v.rootHashBase64), extensions: v.extensions });
      expect(formatCheckpoint(cp), v.id).toBe(v.text);
    }
    // The Go tree root is the RFC 6962 leaf hash of "hello world".
    const go = CP.valid.find((v) => v.id === 'go-format-tree')!;
    expect(toBase64(sha256(Uint8Array.of(0, ...utf8('hello world'))))).toBe(go.rootHashBase64);
    for (const v of CP.invalid) expect(codeOf(() => parseCheckpoint(v.text)), v.id).toBe('CHECKPOINT_MALFORMED');
  });

  it('carry the CreditChain height and state lines, then other extensions', () => {
    const input = { origin: 'creditchain.example/main', size: 1234, rootHash: root, height: 56, stateRoot: state, extensions: ['x-note hello'] };
    const text = formatCheckpoint(input);
    expect(text).toBe(`creditchain.example/main\n1234\n${toBase64(root)}\nheight 56\nstate ${toBase64(state)}\nx-note hello\n`);
    expect(parseCheckpoint(text)).toEqual(input);
    const bare = formatCheckpoint({ origin: 'o', size: 0, rootHash: root });
    expect(bare).toBe(`o\n0\n${toBase64(root)}\n`);
    expect(parseCheckpoint(bare)).toEqual({ origin: 'o', size: 0, rootHash: root, extensions: [] });
    expect(parseCheckpoint(formatCheckpoint({ origin: 'o', size: 1, rootHash: root, height: 0 }))).toEqual({ origin: 'o', size: 1, rootHash: root, height: 0, extensions: [] });
    expect(parseCheckpoint(formatCheckpoint({ origin: 'o', size: 1, rootHash: root, stateRoot: state }))).toEqual({ origin: 'o', size: 1, rootHash: root, stateRoot: state, extensions: [] });
  });

  it('handle sizes up to 2^53 − 1 and no further', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(parseCheckpoint(`o\n${max}\n${toBase64(root)}\nheight ${max}\n`)).toMatchObject({ size: max, height: max });
    expect(codeOf(() => parseCheckpoint(`o\n9007199254740992\n${toBase64(root)}\n`))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => parseCheckpoint(`o\n18446744073709551615\n${toBase64(root)}\n`))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'o', size: max + 1, rootHash: root }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: root }))).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuse malformed checkpoint texts', () => {
    const r = toBase64(root);
    const bad: [string, string][] = [
      ['no final newline', `o\n1\n${r}`],
      ['two lines', `o\n1\n`],
      ['empty origin', `\n1\n${r}\n`],
      ['leading zero', `o\n01\n${r}\n`],
      ['plus sign', `o\n+1\n${r}\n`],
      ['minus sign', `o\n-1\n${r}\n`],
      ['space in size', `o\n 1\n${r}\n`],
      ['hex size', `o\n0x1\n${r}\n`],
      ['exponent', `o\n1e3\n${r}\n`],
      ['empty size', `o\n\n${r}\n`],
      ['31-byte root', `o\n1\n${toBase64(root.subarray(1))}\n`],
      ['33-byte root', `o\n1\n${toBase64(Uint8Array.of(...root, 0))}\n`],
      ['unpadded root', `o\n1\n${r.replace('=', '')}\n`],
      ['url-safe root', `o\n1\n${toBase64(fromHex('fb'.repeat(32)))}\n`.replace(/\+/g, '-')],
      ['empty extension', `o\n1\n${r}\n\nx\n`],
      ['trailing blank line', `o\n1\n${r}\n\n`],
      ['CR', `o\r\n1\n${r}\n`],
      ['bad height', `o\n1\n${r}\nheight 01\n`],
      ['empty height', `o\n1\n${r}\nheight \n`],
      ['bad state', `o\n1\n${r}\nstate abc\n`],
      ['state before height', `o\n1\n${r}\nstate ${toBase64(state)}\nheight 3\n`],
      ['height twice', `o\n1\n${r}\nheight 3\nheight 3\n`],
      ['height after extension', `o\n1\n${r}\nx\nheight 3\n`],
    ];
    for (const [what, text] of bad) expect(codeOf(() => parseCheckpoint(text)), what).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuse root hashes in non-canonical base64 (one checkpoint, one text)', () => {
    const r = toBase64(root); // 44 characters, the last before '=' carries 2 unused bits
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const c = r[42]!;
    const sloppy = r.slice(0, 42) + alphabet[alphabet.indexOf(c) ^ 1] + '=';
    expect(fromBase64(sloppy)).toEqual(root);
    expect(codeOf(() => parseCheckpoint(`o\n1\n${sloppy}\n`))).toBe('CHECKPOINT_MALFORMED');
  });

  it('refuse to format what they could not parse back', () => {
    const ok = { origin: 'o', size: 1, rootHash: root };
    expect(codeOf(() => formatCheckpoint({ ...ok, origin: '' }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, origin: 'a\nb' }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, rootHash: new Uint8Array(31) }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, stateRoot: new Uint8Array(33) }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, height: -1 }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, extensions: [''] }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, extensions: ['a\nb'] }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, extensions: ['height 3'] }))).toBe('CHECKPOINT_MALFORMED');
    expect(codeOf(() => formatCheckpoint({ ...ok, extensions: ['state x'] }))).toBe('CHECKPOINT_MALFORMED');
  });

  it('go through a signed note end to end', () => {
    const log = { name: 'creditchain.example/main', seed: seedA };
    const cp = { origin: log.name, size: 42, rootHash: root, height: 7, stateRoot: state, extensions: [] };
    const note = signNote(formatCheckpoint(cp), [log]);
    const opened = openNote(note, [formatVerifierKey(log.name, intlSuite.publicKeyOf(log.seed))]);
    expect(parseCheckpoint(opened.text)).toEqual(cp);
  });
});

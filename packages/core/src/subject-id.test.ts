import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { CreditChainError, type ErrorCode } from './errors.js';
import {
  normaliseSubjectId,
  organisationCodeCheckChar,
  parseSubjectId,
  residentIdCheckChar,
  subjectRef,
  usccCheckChar,
  type SubjectKind,
} from './subject-id.js';

// --- data ------------------------------------------------------------------------------------

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const DIGITS = '0123456789';

/** The worked example of GB 32100-2015 (the code 91350100M000100Y4Z, whose check should be 3). */
const GB32100_EXAMPLE = '91350100M000100Y43';

/** Huawei Technologies Co., Ltd., as published in its Wikipedia infobox (zh.wikipedia.org, 華為). */
const HUAWEI = '914403001922038216';

/**
 * Real codes "found online", from python-stdnum tests/test_cn_uscc.doctest (commit 1ccbd3c4):
 * a selection covering authority codes 1 and 9, categories 1 and 2, old and MA-series subject
 * codes, and check characters 0 (the 31 → 0 case), X, Y and digits.
 */
const REAL_USCC = [
  '121200004013590816', '91110000600037341L', '91110000710926094P', '91120224064012553U',
  '911522010783710635', '91152201078371135X', '911522010783762860', '9115220107837757XE',
  '91152201078391769Y', '91310000631696382C', '91310115MA1K3BTP2B', '9131012056010553X5',
  '91320214745555318W', '913304007429141869', '91340600MA2PBM9HXD', '91340600MA2PBP2120',
  '91340603MA2UJXXCXF', '91371082775260043P', '91420684MA4927PJ7B', '91440300568520498A',
  '9144030071526726XG', '9144060573144633XL', '91620105L015101280', '91620105MA73NBBLXE',
  '92340602MA2PBMEM24', '92340603MA2PBN17X5', '92340621MA2PBKRXXG', '92340621MA2UK3PJXE',
];

/**
 * A real code that fails the GB 32100 check: 91350203M0001QKT19, reported as a live Xiamen
 * enterprise in hutool issue #4119; the maintainer (issue #2020) says some Xiamen codes issued
 * before 2016 do not follow the standard. We enforce the standard and so refuse it.
 */
const XIAMEN_NONCONFORMING = '91350203M0001QKT19';

/** GB 11643-1999 appendix A: 北京市朝阳区, female, born 1949-12-31. */
const GB11643_EXAMPLE = '11010519491231002X';
/** GB 11643-1999 appendix A: 广东省汕头市潮阳县, male, born 1880-01-01 — before our 1900 floor. */
const GB11643_EXAMPLE_1880 = '440524188001010014';

/** Valid as both kinds at once (hutool issue #1367): the reason the kind is hashed too. */
const BOTH_KINDS = '362322198709086409';

// --- helpers ---------------------------------------------------------------------------------

function errorOf(fn: () => unknown): CreditChainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CreditChainError) return e;
    throw e;
  }
  throw new Error('expected a CreditChainError');
}

function rejects(kind: SubjectKind, text: string, code: ErrorCode = 'SUBJECT_BAD_ID'): CreditChainError {
  const e = errorOf(() => parseSubjectId(kind, text));
  expect(e.code).toBe(code);
  return e;
}

function withUsccCheck(first17: string): string {
  return first17 + usccCheckChar(first17);
}
function withRinCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/** Every code differing from `id` in exactly one position, the new character drawn from `allowed(position)`. */
function singleSubstitutions(id: string, allowed: (position: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < id.length; i++) {
    for (const c of allowed(i)) if (c !== id[i]) out.push(id.slice(0, i) + c + id.slice(i + 1));
  }
  return out;
}
const usccAllowed = (i: number): string => (i >= 2 && i <= 7 ? DIGITS : USCC_ALPHABET);
const rinAllowed = (i: number): string => (i === 17 ? DIGITS + 'X' : DIGITS);

const usccChar = fc.constantFrom(...USCC_ALPHABET);
const digit = fc.constantFrom(...DIGITS);
/** Any valid Unified Social Credit Code. */
const validUscc = fc
  .tuple(fc.array(usccChar, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(usccChar, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => withUsccCheck(a.join('') + b.join('') + c.join('')));

/** Any valid resident identity number, birth dates 1900-01-01 .. 2099-12-31 (Gregorian). */
const validRin = fc
  .tuple(fc.array(digit, { minLength: 6, maxLength: 6 }), fc.integer({ min: Date.UTC(1900, 0, 1) / 864e5, max: Date.UTC(2099, 11, 31) / 864e5 }), fc.array(digit, { minLength: 3, maxLength: 3 }))
  .map(([address, days, seq]) => withRinCheck(address.join('') + new Date(days * 864e5).toISOString().slice(0, 10).replaceAll('-', '') + seq.join('')));

const SECRET = Uint8Array.from({ length: 32 }, (_, i) => i); // 000102…1f
const OTHER_SECRET = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

// --- normalisation ---------------------------------------------------------------------------

describe('normaliseSubjectId', () => {
  it('turns full-width letters, digits and spaces into ASCII, trims and uppercases', () => {
    expect(normaliseSubjectId('ＡＢＣ')).toBe('ABC');
    expect(normaliseSubjectId('１１０１０５１９４９１２３１００２ｘ')).toBe(GB11643_EXAMPLE);
    expect(normaliseSubjectId('\u3000 11010519491231002x\t\n')).toBe(GB11643_EXAMPLE);
    expect(normaliseSubjectId('９１３５０１００ｍ０００１００ｙ４３')).toBe(GB32100_EXAMPLE);
  });

  it('changes nothing else: no NFKC, inner spaces stay', () => {
    expect(normaliseSubjectId('①Ⅰ')).toBe('①Ⅰ');
    expect(normaliseSubjectId('91 350100')).toBe('91 350100');
    expect(normaliseSubjectId('ß')).toBe('ß');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => normaliseSubjectId(normaliseSubjectId(s)) === normaliseSubjectId(s)));
  });
});

// --- Unified Social Credit Code --------------------------------------------------------------

describe('Unified Social Credit Code (GB 32100-2015)', () => {
  it('uses the weights 3^(i-1) mod 31, so every weight is invertible mod 31', () => {
    // The weights are not exported; recompute the check character from the definition instead.
    const weights = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
    expect(weights).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    // Changing one character by d ≠ 0 (mod 31) moves the sum by d·w ≢ 0 (mod 31), since 31 is
    // prime and no weight is 0; with 31 values for 31 check characters, every change shows.
    for (const w of [...weights, 1]) for (let d = 1; d < 31; d++) expect((d * w) % 31).not.toBe(0);
    fc.assert(
      fc.property(fc.array(usccChar, { minLength: 17, maxLength: 17 }), (chars) => {
        const sum = chars.reduce((s, c, i) => s + USCC_ALPHABET.indexOf(c) * weights[i]!, 0);
        const c18 = 31 - (sum % 31);
        return usccCheckChar(chars.join('')) === USCC_ALPHABET[c18 === 31 ? 0 : c18];
      }),
    );
  });

  it("accepts the standard's worked example and refuses its mistyped form, naming the right check character", () => {
    expect(parseSubjectId('enterprise', GB32100_EXAMPLE)).toEqual({ kind: 'enterprise', id: GB32100_EXAMPLE });
    // The standard's bad example ends in Z, which the code never uses, so that is what is reported.
    expect(rejects('enterprise', '91350100M000100Y4Z').details).toEqual({ kind: 'enterprise', rule: 'character', position: 18, found: 'Z' });
    const e = rejects('enterprise', '91350100M000100Y4A');
    expect(e.message).toBe('The check character of the Unified Social Credit Code (position 18) should be "3" but is "A": a character is mistyped.');
    expect(e.details).toEqual({ kind: 'enterprise', rule: 'check-character', position: 18, expected: '3', found: 'A' });
    expect(e.status).toBe(400);
  });

  it('accepts real published codes', () => {
    for (const id of [HUAWEI, ...REAL_USCC]) expect(parseSubjectId('enterprise', id).id, id).toBe(id);
  });

  it('refuses a real but non-conforming Xiamen code (a known limitation of enforcing the standard)', () => {
    expect(rejects('enterprise', XIAMEN_NONCONFORMING).message).toContain('should be "F" but is "9"');
  });

  it('real codes also satisfy the GB 11714 check of the embedded organisation code (not enforced)', () => {
    expect(organisationCodeCheckChar('60003734')).toBe('1'); // 91110000 600037341 L
    for (const id of [GB32100_EXAMPLE, HUAWEI, XIAMEN_NONCONFORMING, ...REAL_USCC]) {
      expect(organisationCodeCheckChar(id.slice(8, 16)), id).toBe(id[16]);
    }
    // Not enforced: a code whose organisation code fails GB 11714 is still accepted.
    const first17 = '91110000' + '60003734' + '2';
    expect(parseSubjectId('enterprise', withUsccCheck(first17)).id).toBe(withUsccCheck(first17));
  });

  it('normalises before validating', () => {
    expect(parseSubjectId('enterprise', '  ９１３５０１００ｍ０００１００ｙ４３ ').id).toBe(GB32100_EXAMPLE);
    expect(parseSubjectId('enterprise', '91350100m000100y43').id).toBe(GB32100_EXAMPLE);
  });

  it('says what is wrong', () => {
    expect(rejects('enterprise', '').message).toBe('A Unified Social Credit Code has 18 characters; this one is empty.');
    expect(rejects('enterprise', GB32100_EXAMPLE.slice(0, 17)).message).toBe('A Unified Social Credit Code has 18 characters; this one has 17.');
    expect(rejects('enterprise', GB32100_EXAMPLE + '0').details).toEqual({ kind: 'enterprise', rule: 'length', length: 19 });
    for (const bad of 'IOSVZ') {
      const e = rejects('enterprise', '91350100' + bad + '000100Y43');
      expect(e.message).toBe(`Position 9 of the Unified Social Credit Code holds "${bad}", which is not allowed: the code uses 0-9, A-H, J-N, P-R, T-U and W-Y (no I, O, S, V or Z).`);
      expect(e.details).toEqual({ kind: 'enterprise', rule: 'character', position: 9, found: bad });
    }
    expect(rejects('enterprise', '913A0100M000100Y43').message).toBe(
      'Position 4 of the Unified Social Credit Code holds "A", but positions 3-8 (the administrative division code) are digits.',
    );
    expect(rejects('enterprise', '91350100M0001 0Y43').message).toContain('Position 14 of the Unified Social Credit Code holds a space');
    expect(rejects('enterprise', '91350100M00010中Y43').message).toContain('holds "中" (U+4E2D)');
    expect(rejects('enterprise', '91350100M00010\u0000Y43').message).toContain('holds the control character U+0000');
    expect(rejects('enterprise', '91350100M0001😀0Y43').message).toContain('Position 14 of the Unified Social Credit Code holds "😀" (U+1F600)');
  });

  it('never puts the code itself in a message', () => {
    const e = rejects('enterprise', '91350100M000100Y4A');
    expect(e.message).not.toContain('91350100');
    expect(JSON.stringify(e.toJSON())).not.toContain('M000100Y4');
  });

  it('accepts every generated code', () => {
    fc.assert(fc.property(validUscc, (id) => parseSubjectId('enterprise', id).id === id));
  });

  it('refuses every single-character change of a valid code (exhaustively, for real codes)', () => {
    for (const id of [GB32100_EXAMPLE, HUAWEI, '911522010783762860', '91152201078391769Y']) {
      const variants = singleSubstitutions(id, usccAllowed);
      expect(variants.length).toBe(12 * 30 + 6 * 9);
      for (const v of variants) expect(() => parseSubjectId('enterprise', v), v).toThrow(CreditChainError);
    }
  });

  it('refuses every single-character change of any valid code', () => {
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.nat(30), (id, i, k) => {
        const allowed = usccAllowed(i).replace(id[i]!, '');
        const changed = id.slice(0, i) + allowed[k % allowed.length] + id.slice(i + 1);
        expect(() => parseSubjectId('enterprise', changed)).toThrow(CreditChainError);
      }),
    );
  });

  it('refuses every swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(validUscc, fc.nat(16), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(() => parseSubjectId('enterprise', swapped)).toThrow(CreditChainError);
      }),
    );
  });

  it('checks the input of usccCheckChar and organisationCodeCheckChar', () => {
    expect(usccCheckChar(GB32100_EXAMPLE.slice(0, 17))).toBe('3');
    for (const bad of ['', GB32100_EXAMPLE, '91350100I00010 Y4', '91350100O000100Y4']) expect(() => usccCheckChar(bad)).toThrow(CreditChainError);
    expect(() => organisationCodeCheckChar('6000373')).toThrow(CreditChainError);
    expect(() => organisationCodeCheckChar('6000373a')).toThrow(CreditChainError);
  });
});

// --- resident identity number ----------------------------------------------------------------

describe('resident identity number (GB 11643-1999)', () => {
  it('uses the ISO 7064 MOD 11-2 weights 2^(18-i) mod 11, each invertible mod 11', () => {
    const weights = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
    expect(weights).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
    // As for MOD 31: 11 is prime, no weight is 0 and the 11 check characters (0-9, X) are the 11
    // residues, so a change of one character (digits differ by 1..9, the check by 1..10) shows.
    for (const w of [...weights, 1]) for (let d = 1; d < 11; d++) expect((d * w) % 11).not.toBe(0);
    fc.assert(
      fc.property(fc.array(digit, { minLength: 17, maxLength: 17 }), (digits) => {
        const sum = digits.reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
        const c = (12 - (sum % 11)) % 11;
        return residentIdCheckChar(digits.join('')) === (c === 10 ? 'X' : String(c));
      }),
    );
  });

  it("accepts the standard's example, in any typed form", () => {
    expect(parseSubjectId('person', GB11643_EXAMPLE)).toEqual({ kind: 'person', id: GB11643_EXAMPLE });
    expect(parseSubjectId('person', '11010519491231002x').id).toBe(GB11643_EXAMPLE);
    expect(parseSubjectId('person', ' １１０１０５１９４９１２３１００２Ｘ\u3000').id).toBe(GB11643_EXAMPLE);
  });

  it("computes the check character of the standard's 1880 example, but refuses it for its birth year", () => {
    expect(residentIdCheckChar(GB11643_EXAMPLE_1880.slice(0, 17))).toBe('4');
    const e = rejects('person', GB11643_EXAMPLE_1880);
    expect(e.message).toBe('The birth date of the resident identity number (positions 7-14, YYYYMMDD) is not a real date from 1900 on: the year 1880 is before 1900.');
    expect(e.details).toEqual({ kind: 'person', rule: 'birth-date', position: 7 });
  });

  it('accepts computed numbers on the edges of the calendar', () => {
    for (const first17 of ['11010519000101001', '44030420000229123', '31011519960229888', '65010220991231999', '00000019000101000']) {
      expect(parseSubjectId('person', withRinCheck(first17)).id).toBe(withRinCheck(first17));
    }
    expect(withRinCheck('11010519491231002')).toBe(GB11643_EXAMPLE);
    expect(withRinCheck('11010119900307001')).toBe('110101199003070011');
  });

  it('says what is wrong', () => {
    expect(rejects('person', '110105491231002').message).toBe(
      'A resident identity number has 18 characters; this one has 15 (a 15-digit first-generation number must be converted to its 18-digit form first).',
    );
    expect(rejects('person', '1101051949123100').message).toBe('A resident identity number has 18 characters; this one has 16.');
    expect(rejects('person', '11010A19491231002X').message).toBe('Position 6 of the resident identity number holds "A", but positions 1-17 are digits (this one is in the address code).');
    expect(rejects('person', '1101051949123100X2').message).toBe('Position 17 of the resident identity number holds "X", but positions 1-17 are digits (this one is in the sequence number).');
    expect(rejects('person', '11010519491231002Y').message).toBe('Position 18 of the resident identity number holds "Y", but the check character is a digit or X.');
    const date = (yyyymmdd: string) => rejects('person', withRinCheck('110105' + yyyymmdd + '002'));
    expect(date('19491331').message).toContain('month 13 does not exist');
    expect(date('19490015').message).toContain('month 00 does not exist');
    expect(date('19491200').message).toContain('day 00 does not exist');
    expect(date('19490431').message).toContain('month 04 of that year has 30 days, not 31');
    expect(date('19000229').message).toContain('month 02 of that year has 28 days, not 29'); // 1900 is not a leap year
    expect(date('19990229').details).toEqual({ kind: 'person', rule: 'birth-date', position: 13 });
    expect(date('18991231').message).toContain('the year 1899 is before 1900');
    const e = rejects('person', '110105194912310021');
    expect(e.message).toBe('The check character of the resident identity number (position 18) should be "X" but is "1": a digit is mistyped.');
    expect(e.details).toEqual({ kind: 'person', rule: 'check-character', position: 18, expected: 'X', found: '1' });
  });

  it('never puts the number itself in a message', () => {
    for (const bad of ['110105194912310021', '11010519491331002X', '11010519491231002']) {
      const e = rejects('person', bad);
      expect(e.message).not.toContain('1101051949');
      expect(JSON.stringify(e.toJSON())).not.toContain('19491231');
    }
  });

  it('accepts every generated number', () => {
    fc.assert(fc.property(validRin, (id) => parseSubjectId('person', id).id === id));
  });

  it("refuses every single-character change of the standard's example (exhaustively)", () => {
    const variants = singleSubstitutions(GB11643_EXAMPLE, rinAllowed);
    expect(variants.length).toBe(17 * 9 + 10);
    for (const v of variants) expect(() => parseSubjectId('person', v), v).toThrow(CreditChainError);
  });

  it('refuses every single-character change of any valid number — by its check character alone', () => {
    fc.assert(
      fc.property(validRin, fc.nat(17), fc.nat(9), (id, i, k) => {
        const allowed = rinAllowed(i).replace(id[i]!, '');
        const changed = id.slice(0, i) + allowed[k % allowed.length] + id.slice(i + 1);
        expect(() => parseSubjectId('person', changed)).toThrow(CreditChainError);
        // Even where the change leaves a real birth date, the check character no longer fits.
        expect(residentIdCheckChar(changed.slice(0, 17)) === changed[17]).toBe(false);
      }),
    );
  });

  it('refuses every swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(validRin, fc.nat(16), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(() => parseSubjectId('person', swapped)).toThrow(CreditChainError);
      }),
    );
  });

  it('checks the input of residentIdCheckChar', () => {
    for (const bad of ['', GB11643_EXAMPLE, '1101051949123100X']) expect(() => residentIdCheckChar(bad)).toThrow(CreditChainError);
  });
});

describe('parseSubjectId', () => {
  it('refuses unknown kinds and non-text', () => {
    expect(rejects('company' as SubjectKind, HUAWEI, 'SUBJECT_BAD_KIND').message).toBe('A subject is an "enterprise" or a "person", not "company".');
    expect(rejects(null as unknown as SubjectKind, HUAWEI, 'SUBJECT_BAD_KIND').details).toEqual({ kind: 'null' });
    expect(rejects('person', 11010519491231 as unknown as string).message).toBe('A resident identity number is text, not number.');
  });

  it('keeps the kinds apart: the same string can be valid as both', () => {
    expect(parseSubjectId('enterprise', BOTH_KINDS).id).toBe(BOTH_KINDS);
    expect(parseSubjectId('person', BOTH_KINDS).id).toBe(BOTH_KINDS);
    expect(() => parseSubjectId('person', HUAWEI)).toThrow(CreditChainError); // its "birth year" would be 0019
    expect(() => parseSubjectId('enterprise', GB11643_EXAMPLE)).toThrow(CreditChainError);
  });

  it('returns a frozen value', () => {
    expect(Object.isFrozen(parseSubjectId('person', GB11643_EXAMPLE))).toBe(true);
  });
});

// --- the on-chain reference ------------------------------------------------------------------

describe('subjectRef', () => {
  // Expected values computed independently with
  //   printf '%s' 'person:11010519491231002X' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f
  const VECTORS: Array<[SubjectKind, string, string]> = [
    ['person', GB11643_EXAMPLE, 'b2f0236f914200d002f7f5e3643ec2f359efc3c57bf399398aa780bbbb4bc6e1'],
    ['enterprise', HUAWEI, '4fcdb2678fb8336e8a92d0431bde2b998fc26d7d49d75cd34c42b4478ee788b1'],
    ['enterprise', BOTH_KINDS, 'b39848d50632075d144b0b4240d2a902ff58ee66db0ef1fcad960fd51f284308'],
    ['person', BOTH_KINDS, '422d47d7b6ee8c038d17a9f644212311d9101d88a594f3fec9672d3570273e1b'],
  ];

  it('is HMAC-SHA-256(secret, kind ":" id), 32 bytes', () => {
    for (const [kind, id, hex] of VECTORS) {
      const ref = subjectRef(SECRET, parseSubjectId(kind, id));
      expect(ref).toBeInstanceOf(Uint8Array);
      expect(ref.length).toBe(32);
      expect(toHex(ref)).toBe(hex);
    }
  });

  it('is stable, and differs by kind and by secret', () => {
    const person = parseSubjectId('person', BOTH_KINDS);
    const enterprise = parseSubjectId('enterprise', BOTH_KINDS);
    expect(toHex(subjectRef(SECRET, person))).toBe(toHex(subjectRef(SECRET, person)));
    expect(toHex(subjectRef(SECRET, person))).not.toBe(toHex(subjectRef(SECRET, enterprise)));
    expect(toHex(subjectRef(SECRET, person))).not.toBe(toHex(subjectRef(OTHER_SECRET, person)));
    const longer = new Uint8Array(64).fill(7);
    expect(subjectRef(longer, person).length).toBe(32);
  });

  it('gives every typed form of an identifier the reference of its normal form', () => {
    const ref = toHex(subjectRef(SECRET, parseSubjectId('person', GB11643_EXAMPLE)));
    for (const typed of ['11010519491231002x', ' １１０１０５１９４９１２３１００２ｘ ', '\t11010519491231002X\n']) {
      expect(toHex(subjectRef(SECRET, parseSubjectId('person', typed)))).toBe(ref);
      expect(toHex(subjectRef(SECRET, { kind: 'person', id: typed }))).toBe(ref); // parsed again inside
    }
  });

  it('gives different subjects different references', () => {
    fc.assert(
      fc.property(validRin, validRin, (a, b) => {
        fc.pre(a !== b);
        return toHex(subjectRef(SECRET, { kind: 'person', id: a })) !== toHex(subjectRef(SECRET, { kind: 'person', id: b }));
      }),
    );
  });

  it('refuses a short or missing secret, and an invalid subject', () => {
    const subject = parseSubjectId('person', GB11643_EXAMPLE);
    const e = errorOf(() => subjectRef(new Uint8Array(31), subject));
    expect(e.code).toBe('SUBJECT_BAD_SECRET');
    expect(e.status).toBe(500);
    expect(e.message).toBe('The consortium secret that keys subject references must be at least 32 bytes, not 31; check the node configuration.');
    expect(errorOf(() => subjectRef('secret' as unknown as Uint8Array, subject)).code).toBe('SUBJECT_BAD_SECRET');
    expect(errorOf(() => subjectRef(SECRET, { kind: 'person', id: '110105194912310021' })).code).toBe('SUBJECT_BAD_ID');
    expect(errorOf(() => subjectRef(SECRET, { kind: 'company' as SubjectKind, id: HUAWEI })).code).toBe('SUBJECT_BAD_KIND');
    expect(errorOf(() => subjectRef(SECRET, null as unknown as { kind: SubjectKind; id: string })).code).toBe('SUBJECT_BAD_ID');
  });
});

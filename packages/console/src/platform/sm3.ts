// SM3 (GM/T 0004-2012, GB/T 32905-2016) for the browser: @creditchain/core computes SM3 with
// node:crypto (OpenSSL), which a browser lacks, and @noble/hashes has no SM3. Built on noble's
// Merkle–Damgård base class, like its SHA-1 and SHA-256: 64-byte blocks, big-endian words and
// an 8-byte big-endian bit length. Checked against the standard's two examples and against
// node:crypto in sm3.test.ts.
import { HashMD } from '@noble/hashes/_md.js';
import { clean, createHasher, rotl } from '@noble/hashes/utils.js';

// GB/T 32905-2016 §4.1: the initial value.
const IV = Uint32Array.from([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e]);
// §4.2: T_j, already rotated left by j mod 32 for round j (the standard's T_j <<< j).
const T_ROTATED = Uint32Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));
const W = new Uint32Array(68);
const W1 = new Uint32Array(64);

const P0 = (x: number) => x ^ rotl(x, 9) ^ rotl(x, 17);
const P1 = (x: number) => x ^ rotl(x, 15) ^ rotl(x, 23);

export class SM3 extends HashMD<SM3> {
  private A = IV[0]! | 0;
  private B = IV[1]! | 0;
  private C = IV[2]! | 0;
  private D = IV[3]! | 0;
  private E = IV[4]! | 0;
  private F = IV[5]! | 0;
  private G = IV[6]! | 0;
  private H = IV[7]! | 0;

  constructor() {
    super(64, 32, 8, false);
  }

  protected get(): [number, number, number, number, number, number, number, number] {
    const { A, B, C, D, E, F, G, H } = this;
    return [A, B, C, D, E, F, G, H];
  }

  protected set(A: number, B: number, C: number, D: number, E: number, F: number, G: number, H: number): void {
    this.A = A | 0;
    this.B = B | 0;
    this.C = C | 0;
    this.D = D | 0;
    this.E = E | 0;
    this.F = F | 0;
    this.G = G | 0;
    this.H = H | 0;
  }

  _cloneInto(to?: SM3): SM3 {
    const target = to ?? new SM3();
    target.set(...this.get());
    return this._cloneIntoMeta(target);
  }

  // §5.3.2 message expansion and §5.3.3 the compression function CF.
  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) W[i] = view.getUint32(offset, false);
    for (let j = 16; j < 68; j++) W[j] = P1(W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15)) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
    for (let j = 0; j < 64; j++) W1[j] = W[j]! ^ W[j + 4]!;
    let { A, B, C, D, E, F, G, H } = this;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(A, 12);
      const SS1 = rotl((a12 + E + T_ROTATED[j]!) | 0, 7);
      const SS2 = SS1 ^ a12;
      const FF = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C);
      const GG = j < 16 ? E ^ F ^ G : (E & F) | (~E & G);
      const TT1 = (FF + D + SS2 + W1[j]!) | 0;
      const TT2 = (GG + H + SS1 + W[j]!) | 0;
      D = C;
      C = rotl(B, 9);
      B = A;
      A = TT1;
      H = G;
      G = rotl(F, 19);
      F = E;
      E = P0(TT2);
    }
    this.set(A ^ this.A, B ^ this.B, C ^ this.C, D ^ this.D, E ^ this.E, F ^ this.F, G ^ this.G, H ^ this.H);
  }

  protected roundClean(): void {
    clean(W, W1);
  }

  destroy(): void {
    this.set(0, 0, 0, 0, 0, 0, 0, 0);
    clean(this.buffer);
  }
}

/** SM3 digest of the bytes: 32 bytes. `sm3.create()` gives an incremental hash (for HMAC and large files). */
export const sm3 = createHasher(() => new SM3());

/**
 * A small seedable PRNG: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", 2018), 32-bit arithmetic only, period 2^128 − 1.
 *
 * Written here rather than taken from a package because it is 30 lines, has published
 * reference outputs (checked in test/multisite/math.test.ts) and must give bit-identical
 * streams in the main thread and in every worker. The state is seeded with SplitMix32,
 * as the authors recommend, from (seed, stream): realization `i` of an ensemble uses
 * stream `i`, so its numbers do not depend on which worker runs it or in what order.
 */
export class Rng {
  #s0: number
  #s1: number
  #s2: number
  #s3: number
  #spareGaussian: number | undefined

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.#s0 = s0 >>> 0
    this.#s1 = s1 >>> 0
    this.#s2 = s2 >>> 0
    this.#s3 = s3 >>> 0
    this.#spareGaussian = undefined
  }

  /** The raw xoshiro128** state, for reproducing the published reference outputs. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Rng {
    return new Rng(s0, s1, s2, s3)
  }

  /**
   * A generator for one (seed, stream) pair. Distinct pairs give independent-looking
   * streams because every state word passes through SplitMix32's avalanche mixer.
   */
  static from(seed: number, stream = 0): Rng {
    let x = (Math.trunc(seed) ^ Math.imul(Math.trunc(stream) + 1, 0x9e3779b1)) >>> 0
    // Mix the high part of large seeds in too, so seeds ≥ 2^32 are not aliased.
    x = (x ^ Math.trunc(seed / 0x1_0000_0000)) >>> 0
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    const s = [next(), next(), next(), next()] as const
    // The all-zero state is the one fixed point of xoshiro; SplitMix32 output cannot be
    // all zero for four consecutive draws, but guard anyway so the invariant is local.
    if ((s[0] | s[1] | s[2] | s[3]) === 0) return new Rng(1, 0, 0, 0)
    return new Rng(s[0], s[1], s[2], s[3])
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.#s0
    const s1 = this.#s1
    const s2 = this.#s2
    const s3 = this.#s3
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = (s1 << 9) >>> 0
    let n2 = (s2 ^ s0) >>> 0
    let n3 = (s3 ^ s1) >>> 0
    const n1 = (s1 ^ n2) >>> 0
    const n0 = (s0 ^ n3) >>> 0
    n2 = (n2 ^ t) >>> 0
    n3 = rotl(n3, 11)
    this.#s0 = n0
    this.#s1 = n1
    this.#s2 = n2
    this.#s3 = n3
    return result
  }

  /** A double uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5 // 27 bits
    const lo = this.nextUint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** A standard normal draw (Marsaglia's polar method; the second value is kept). */
  nextGaussian(): number {
    const spare = this.#spareGaussian
    if (spare !== undefined) {
      this.#spareGaussian = undefined
      return spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = 2 * this.nextFloat() - 1
      v = 2 * this.nextFloat() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.#spareGaussian = v * factor
    return u * factor
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

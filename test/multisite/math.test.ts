import { describe, expect, it } from 'vitest'
import { ComplexDft, RealDft } from '../../src/multisite/fft.js'
import { normalCdf, normalQuantile } from '../../src/multisite/normal.js'
import { PhaseRandomizer, randomPhases } from '../../src/multisite/phase-randomization.js'
import { Rng } from '../../src/multisite/prng.js'

/** The O(N²) definition, as the reference the fast paths must match. */
function naiveDft(re: number[], im: number[]): { re: number[]; im: number[] } {
  const n = re.length
  const out = { re: new Array<number>(n).fill(0), im: new Array<number>(n).fill(0) }
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n
      out.re[k]! += re[j]! * Math.cos(a) - im[j]! * Math.sin(a)
      out.im[k]! += re[j]! * Math.sin(a) + im[j]! * Math.cos(a)
    }
  }
  return out
}

describe('Rng (xoshiro128**)', () => {
  it('matches the reference C implementation from state (1, 2, 3, 4)', () => {
    // Produced by the authors' xoshiro128starstar.c compiled with gcc, seeded s = {1,2,3,4}.
    const rng = Rng.fromState(1, 2, 3, 4)
    const out = Array.from({ length: 6 }, () => rng.nextUint32())
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492])
  })

  it('gives the same stream for the same (seed, stream) and different ones otherwise', () => {
    const draw = (seed: number, stream: number): number[] => {
      const rng = Rng.from(seed, stream)
      return Array.from({ length: 4 }, () => rng.nextUint32())
    }
    expect(draw(42, 3)).toEqual(draw(42, 3))
    expect(draw(42, 3)).not.toEqual(draw(42, 4))
    expect(draw(42, 3)).not.toEqual(draw(43, 3))
    expect(draw(1, 0)).not.toEqual(draw(1 + 2 ** 32, 0))
  })

  it('draws uniforms in [0, 1) and standard normals with the right moments', () => {
    const rng = Rng.from(7)
    let sum = 0
    let sumSq = 0
    let min = 1
    let max = 0
    const n = 20_000
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat()
      min = Math.min(min, u)
      max = Math.max(max, u)
      const z = rng.nextGaussian()
      sum += z
      sumSq += z * z
    }
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    // Standard errors for n = 20 000: mean 0.007, variance 0.01; allow 4 of them.
    expect(Math.abs(sum / n)).toBeLessThan(0.03)
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.04)
  })
})

describe('DFT on top of fft.js', () => {
  for (const n of [8, 12, 97, 365]) {
    it(`matches the naive DFT for N = ${n}${(n & (n - 1)) === 0 ? ' (fft.js direct)' : ' (Bluestein)'}`, () => {
      const rng = Rng.from(n)
      const re = Array.from({ length: n }, () => rng.nextGaussian())
      const im = Array.from({ length: n }, () => rng.nextGaussian())
      const input = new Float64Array(2 * n)
      for (let j = 0; j < n; j++) {
        input[2 * j] = re[j]!
        input[2 * j + 1] = im[j]!
      }
      const dft = new ComplexDft(n)
      const out = new Float64Array(2 * n)
      dft.forward(input, out)
      const expected = naiveDft(re, im)
      for (let k = 0; k < n; k++) {
        expect(out[2 * k]).toBeCloseTo(expected.re[k]!, 8)
        expect(out[2 * k + 1]).toBeCloseTo(expected.im[k]!, 8)
      }
      const back = new Float64Array(2 * n)
      dft.inverse(out, back)
      for (let j = 0; j < 2 * n; j++) expect(back[j]).toBeCloseTo(input[j]!, 10)
    })
  }

  it('round-trips a real signal of odd and even length through the half spectrum', () => {
    for (const n of [1461, 1462]) {
      const dft = new RealDft(n)
      const rng = Rng.from(n)
      const signal = Float64Array.from({ length: n }, () => rng.nextGaussian())
      const half = new Float64Array(2 * dft.bins)
      dft.forward(signal, half)
      const back = new Float64Array(n)
      dft.inverse(half, back)
      let worst = 0
      for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(back[j]! - signal[j]!))
      expect(worst).toBeLessThan(1e-10)
    }
  })

  it('refuses sizes it cannot transform', () => {
    expect(() => new ComplexDft(1)).toThrow('DFT size must be an integer ≥ 2, got 1')
  })
})

describe('normal distribution pair', () => {
  it('inverts itself over the range the marginals use, and stays close in the far tails', () => {
    // Marginal knots span probabilities 0.5/n … 1 − 0.5/n, i.e. |z| < 3.5 for n ≤ 4000.
    // The CDF's error function is good to 1.2e-7 (fractional), which bounds the round trip.
    for (const z of [-4, -3.1, -1, 0, 0.4, 2.5, 4]) {
      expect(Math.abs(normalQuantile(normalCdf(z)) - z)).toBeLessThan(1e-6)
    }
    // Beyond, 1 + erf(x) cancels in floating point (erf ≈ −1): about 1e-7 relative.
    expect(normalQuantile(normalCdf(-6))).toBeCloseTo(-6, 5)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
  })
})

describe('phase randomization', () => {
  function correlation(a: Float64Array, b: Float64Array): number {
    const n = a.length
    let ma = 0
    let mb = 0
    for (let i = 0; i < n; i++) {
      ma += a[i]! / n
      mb += b[i]! / n
    }
    let sab = 0
    let saa = 0
    let sbb = 0
    for (let i = 0; i < n; i++) {
      sab += (a[i]! - ma) * (b[i]! - mb)
      saa += (a[i]! - ma) ** 2
      sbb += (b[i]! - mb) ** 2
    }
    return sab / Math.sqrt(saa * sbb)
  }

  it('keeps Hermitian structure: zero frequency and Nyquist phases are 0', () => {
    const even = randomPhases(Rng.from(1), 10)
    expect(even.length).toBe(6)
    expect(even[0]).toBe(0)
    expect(even[5]).toBe(0)
    const odd = randomPhases(Rng.from(1), 11)
    expect(odd.length).toBe(6)
    expect(odd[0]).toBe(0)
    expect(odd[5]).toBeGreaterThan(0)
    expect(Math.max(...odd)).toBeLessThan(2 * Math.PI)
  })

  it('keeps mean, variance and cross-correlation exactly, and changes the series', () => {
    const n = 1001
    const rng = Rng.from(3)
    const a = new Float64Array(n)
    const b = new Float64Array(n)
    let ar = 0
    for (let t = 0; t < n; t++) {
      ar = 0.7 * ar + rng.nextGaussian()
      a[t] = ar + 0.5
      b[t] = 0.6 * ar + 0.8 * rng.nextGaussian()
    }
    const both = new Float64Array(2 * n)
    both.set(a)
    both.set(b, n)
    const randomizer = new PhaseRandomizer(n, PhaseRandomizer.spectra(both, n))
    const phases = randomPhases(Rng.from(9), n)
    const sa = new Float64Array(n)
    const sb = new Float64Array(n)
    randomizer.surrogate(0, phases, sa)
    randomizer.surrogate(1, phases, sb)
    const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / x.length
    expect(mean(sa)).toBeCloseTo(mean(a), 10)
    expect(correlation(sa, sb)).toBeCloseTo(correlation(a, b), 10)
    expect(correlation(sa, a)).toBeLessThan(0.5)
  })
})

import { halfSpectrumBins, RealDft } from './fft.js'
import type { Rng } from './prng.js'

/**
 * Multivariate phase randomization (Theiler et al. 1992; Prichard & Theiler 1994), the
 * dependence model of weathercop.
 *
 * Each standard-normal series x_s is Fourier transformed once at fit time. A surrogate
 * adds the SAME random phase φ_k to bin k of every series: Y_s,k = X_s,k · e^(iφ_k).
 * Amplitudes |X_s,k| are untouched, so every auto-spectrum (and hence every circular
 * autocorrelation) is kept; the phase differences between series are untouched, so every
 * cross-spectrum X_s,k·conj(X_r,k) and every circular cross-correlation is kept too.
 * φ_0 = 0 keeps the mean. For even N the Nyquist bin must stay real, so its phase is 0.
 */

/**
 * Fresh random phases for one block of length `size`: uniform in [0, 2π) for
 * k = 1 … ⌈N/2⌉ − 1, and 0 for the zero frequency and (even N) the Nyquist bin. The
 * other half is implied by Hermitian symmetry (φ_{N−k} = −φ_k), which {@link RealDft}
 * applies on the inverse transform.
 */
export function randomPhases(rng: Rng, size: number, out?: Float64Array): Float64Array {
  const bins = halfSpectrumBins(size)
  const phases = out ?? new Float64Array(bins)
  phases[0] = 0
  for (let k = 1; k < bins; k++) phases[k] = 2 * Math.PI * rng.nextFloat()
  if (size % 2 === 0) phases[bins - 1] = 0
  return phases
}

/**
 * Holds the half spectra of the fitted standard-normal series and turns phases into
 * surrogate series. Scratch buffers are allocated once, so a worker can reuse one
 * instance for every realization.
 */
export class PhaseRandomizer {
  /** Length of the fitted series (one block). */
  readonly blockSize: number
  /** Number of series (stations × variables). */
  readonly seriesCount: number
  readonly #dft: RealDft
  readonly #spectra: Float64Array
  readonly #rotated: Float64Array
  readonly #block: Float64Array

  /**
   * @param spectra half spectra of every series, `seriesCount × 2·(⌊N/2⌋+1)`, as made by
   *   {@link PhaseRandomizer.spectra}
   */
  constructor(blockSize: number, spectra: Float64Array) {
    this.blockSize = blockSize
    this.#dft = new RealDft(blockSize)
    const stride = 2 * this.#dft.bins
    if (spectra.length % stride !== 0) {
      throw new RangeError(`spectra length ${spectra.length} is not a multiple of ${stride}`)
    }
    this.seriesCount = spectra.length / stride
    this.#spectra = spectra
    this.#rotated = new Float64Array(stride)
    this.#block = new Float64Array(blockSize)
  }

  /**
   * Half spectra of `seriesCount` series laid out one after another in `series`
   * (each of length `blockSize`).
   */
  static spectra(series: Float64Array, blockSize: number): Float64Array {
    const dft = new RealDft(blockSize)
    const count = series.length / blockSize
    const stride = 2 * dft.bins
    const out = new Float64Array(count * stride)
    for (let s = 0; s < count; s++) {
      dft.forward(
        series.subarray(s * blockSize, (s + 1) * blockSize),
        out.subarray(s * stride, (s + 1) * stride),
      )
    }
    return out
  }

  /**
   * Writes the surrogate of series `s` for `phases` into `out`, `out.length ≤ blockSize`
   * values (a shorter `out` takes the first values: the last block of a simulation that
   * is not a whole number of blocks long).
   */
  surrogate(s: number, phases: Float64Array, out: Float64Array): void {
    const stride = this.#rotated.length
    const spectrum = this.#spectra.subarray(s * stride, (s + 1) * stride)
    const rotated = this.#rotated
    for (let k = 0; k < stride / 2; k++) {
      const re = spectrum[2 * k]!
      const im = spectrum[2 * k + 1]!
      const c = Math.cos(phases[k]!)
      const sn = Math.sin(phases[k]!)
      rotated[2 * k] = re * c - im * sn
      rotated[2 * k + 1] = re * sn + im * c
    }
    this.#dft.inverse(rotated, this.#block)
    out.set(this.#block.subarray(0, out.length))
  }
}

import FFT from 'fft.js'

/**
 * Discrete Fourier transforms of any length, on top of fft.js.
 *
 * Why fft.js plus Bluestein: fft.js (indutny, 1.4 M weekly downloads, MIT) is the fastest
 * maintained pure-JS FFT here, but radix-4 only, i.e. power-of-two sizes. Observation
 * records have arbitrary lengths (10 years = 3652 days), and phase randomization must
 * transform exactly that length: zero-padding to a power of two would change the
 * spectrum and therefore the auto- and cross-correlations we promise to keep.
 * Bluestein's chirp-z identity `nk = (n² + k² − (k−n)²) / 2` turns a length-N DFT into a
 * circular convolution of length M ≥ 2N − 1, which fft.js does at a power of two:
 * O(N log N) for every N, with about 3× the work of a power-of-two transform. The
 * alternatives were a WASM package (kissfft-wasm: async init, another binary in every
 * worker) or a little-used pure-JS mixed-radix package; one well-kept dependency and 40
 * lines of textbook algebra won.
 *
 * Every instance preallocates its scratch buffers, so it is reused across realizations
 * without allocating (flat memory in ensemble workers); an instance is not re-entrant.
 */
export class ComplexDft {
  /** The transform length. */
  readonly size: number
  readonly #direct: FFT | undefined
  readonly #bluestein: Bluestein | undefined
  readonly #conjugated: Float64Array

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2) {
      throw new RangeError(`DFT size must be an integer ≥ 2, got ${size}`)
    }
    this.size = size
    const powerOfTwo = (size & (size - 1)) === 0
    this.#direct = powerOfTwo ? new FFT(size) : undefined
    this.#bluestein = powerOfTwo ? undefined : new Bluestein(size)
    this.#conjugated = new Float64Array(2 * size)
  }

  /** `out[k] = Σ input[j]·e^(−2πi·jk/N)`; both interleaved re/im, length 2N, distinct. */
  forward(input: Float64Array, out: Float64Array): void {
    if (this.#direct) this.#direct.transform(out, input)
    else this.#bluestein!.transform(input, out)
  }

  /** The inverse of {@link forward}, including the 1/N factor. */
  inverse(input: Float64Array, out: Float64Array): void {
    // x = conj(DFT(conj(X))) / N: one forward path to get right, not two.
    const conj = this.#conjugated
    for (let i = 0; i < conj.length; i += 2) {
      conj[i] = input[i]!
      conj[i + 1] = -input[i + 1]!
    }
    this.forward(conj, out)
    const scale = 1 / this.size
    for (let i = 0; i < out.length; i += 2) {
      out[i] = out[i]! * scale
      out[i + 1] = -out[i + 1]! * scale
    }
  }
}

/** Bluestein's chirp-z algorithm for one non-power-of-two length. */
class Bluestein {
  readonly #n: number
  readonly #fft: FFT
  /** w_j = e^(iπ j²/N), j < N, interleaved. */
  readonly #chirp: Float64Array
  /** FFT of the convolution kernel b (w_j at j and M − j). */
  readonly #kernelSpectrum: Float64Array
  readonly #a: Float64Array
  readonly #aSpectrum: Float64Array
  readonly #conv: Float64Array

  constructor(n: number) {
    this.#n = n
    let m = 2
    while (m < 2 * n - 1) m *= 2
    this.#fft = new FFT(m)
    this.#chirp = new Float64Array(2 * n)
    for (let j = 0; j < n; j++) {
      // j² mod 2N keeps the angle small, so cos/sin stay accurate for long records.
      const angle = (Math.PI * ((j * j) % (2 * n))) / n
      this.#chirp[2 * j] = Math.cos(angle)
      this.#chirp[2 * j + 1] = Math.sin(angle)
    }
    const kernel = new Float64Array(2 * m)
    for (let j = 0; j < n; j++) {
      kernel[2 * j] = this.#chirp[2 * j]!
      kernel[2 * j + 1] = this.#chirp[2 * j + 1]!
      if (j > 0) {
        kernel[2 * (m - j)] = this.#chirp[2 * j]!
        kernel[2 * (m - j) + 1] = this.#chirp[2 * j + 1]!
      }
    }
    this.#kernelSpectrum = new Float64Array(2 * m)
    this.#fft.transform(this.#kernelSpectrum, kernel)
    this.#a = new Float64Array(2 * m)
    this.#aSpectrum = new Float64Array(2 * m)
    this.#conv = new Float64Array(2 * m)
  }

  transform(input: Float64Array, out: Float64Array): void {
    const n = this.#n
    const w = this.#chirp
    const a = this.#a
    a.fill(0)
    // a_j = x_j · conj(w_j)
    timesConjugate(input, w, a, n)
    const spec = this.#aSpectrum
    this.#fft.transform(spec, a)
    const b = this.#kernelSpectrum
    for (let i = 0; i < spec.length; i += 2) {
      const ar = spec[i]!
      const ai = spec[i + 1]!
      const br = b[i]!
      const bi = b[i + 1]!
      spec[i] = ar * br - ai * bi
      spec[i + 1] = ar * bi + ai * br
    }
    this.#fft.inverseTransform(this.#conv, spec)
    // X_k = conj(w_k) · c_k
    timesConjugate(this.#conv, w, out, n)
  }
}

/** `out_j = x_j · conj(w_j)` for the first `n` complex values, all interleaved re/im. */
function timesConjugate(x: Float64Array, w: Float64Array, out: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const xr = x[2 * j]!
    const xi = x[2 * j + 1]!
    const wr = w[2 * j]!
    const wi = w[2 * j + 1]!
    out[2 * j] = xr * wr + xi * wi
    out[2 * j + 1] = xi * wr - xr * wi
  }
}

/** Complex bins in the half spectrum of a real signal of length `size`: ⌊N/2⌋ + 1. */
export function halfSpectrumBins(size: number): number {
  return Math.floor(size / 2) + 1
}

/**
 * Real-input DFT of any length N ≥ 2, returning and accepting the half spectrum
 * (k = 0 … ⌊N/2⌋, interleaved re/im): the other half of a real signal's spectrum is
 * its complex conjugate, so storing it would only double the model sent to workers.
 */
export class RealDft {
  /** The signal length N. */
  readonly size: number
  /** Number of complex bins in the half spectrum: ⌊N/2⌋ + 1. */
  readonly bins: number
  readonly #dft: ComplexDft
  readonly #complexIn: Float64Array
  readonly #complexOut: Float64Array

  constructor(size: number) {
    this.#dft = new ComplexDft(size)
    this.size = size
    this.bins = halfSpectrumBins(size)
    this.#complexIn = new Float64Array(2 * size)
    this.#complexOut = new Float64Array(2 * size)
  }

  /** Half spectrum of `signal` (length N) into `halfSpectrum` (length 2·bins). */
  forward(signal: ArrayLike<number>, halfSpectrum: Float64Array): void {
    const input = this.#complexIn
    for (let j = 0; j < this.size; j++) {
      input[2 * j] = signal[j]!
      input[2 * j + 1] = 0
    }
    this.#dft.forward(input, this.#complexOut)
    halfSpectrum.set(this.#complexOut.subarray(0, 2 * this.bins))
  }

  /**
   * The real signal whose half spectrum is `halfSpectrum`. The imaginary parts of the
   * zero-frequency bin (and of the Nyquist bin for even N) are ignored, as they must be
   * zero for a real signal.
   */
  inverse(halfSpectrum: Float64Array, signal: Float64Array): void {
    const n = this.size
    const full = this.#complexIn
    for (let k = 0; k < this.bins; k++) {
      full[2 * k] = halfSpectrum[2 * k]!
      full[2 * k + 1] = halfSpectrum[2 * k + 1]!
    }
    full[1] = 0
    if (n % 2 === 0) full[2 * (n / 2) + 1] = 0
    for (let k = this.bins; k < n; k++) {
      full[2 * k] = full[2 * (n - k)]!
      full[2 * k + 1] = -full[2 * (n - k) + 1]!
    }
    this.#dft.inverse(full, this.#complexOut)
    for (let j = 0; j < n; j++) signal[j] = this.#complexOut[2 * j]!
  }
}

import { dayOfYearSeries } from './calendar.js'
import { halfSpectrumBins } from './fft.js'
import { fromNormal } from './marginals.js'
import type { SimulatorModel } from './model.js'
import { PhaseRandomizer, randomPhases } from './phase-randomization.js'
import { Rng } from './prng.js'

/** The buffers one realization is computed into. Reused: copy what you keep. */
export interface RealizationBuffers {
  /** Standard-normal surrogates, dims `(station, variable, time)`. */
  readonly simTrans: Float64Array
  /** The same in physical units. */
  readonly simSea: Float64Array
  /** Phases of each block, `blocks × (⌊blockSize/2⌋ + 1)`. */
  readonly phases: Float64Array
  /** The generator, positioned after the phases: disaggregation draws from it next. */
  readonly rng: Rng
}

/**
 * Computes realizations of one model for one length, reusing its buffers for every
 * call. Keeping the buffers is what keeps a worker's memory flat across an ensemble:
 * with fresh arrays per realization V8 collects lazily and peak RSS grows with `n`.
 */
export class RealizationSimulator {
  readonly model: SimulatorModel
  /** Simulated days. */
  readonly days: number
  readonly blocks: number
  readonly #randomizer: PhaseRandomizer
  readonly #doy: Uint16Array
  readonly #simTrans: Float64Array
  readonly #simSea: Float64Array
  readonly #phases: Float64Array

  constructor(model: SimulatorModel, days: number) {
    this.model = model
    this.days = days
    this.#randomizer = new PhaseRandomizer(model.blockSize, model.spectra)
    this.blocks = Math.ceil(days / model.blockSize)
    this.#doy = dayOfYearSeries(model.startEpochDay, days)
    const series = this.#randomizer.seriesCount
    this.#simTrans = new Float64Array(series * days)
    this.#simSea = new Float64Array(series * days)
    this.#phases = new Float64Array(this.blocks * halfSpectrumBins(model.blockSize))
  }

  /** Days of year of the simulated days (shared, do not modify). */
  get dayOfYear(): Uint16Array {
    return this.#doy
  }

  /**
   * Realization `index` of `seed`. Simulations longer than the record concatenate
   * blocks, each with its own phases, as weathercop does.
   */
  run(seed: number, index: number): RealizationBuffers {
    const rng = Rng.from(seed, index)
    const block = this.model.blockSize
    const bins = halfSpectrumBins(block)
    for (let b = 0; b < this.blocks; b++) {
      randomPhases(rng, block, this.#phases.subarray(b * bins, (b + 1) * bins))
    }
    const days = this.days
    const { marginals } = this.model
    for (let s = 0; s < this.#randomizer.seriesCount; s++) {
      const trans = this.#simTrans.subarray(s * days, (s + 1) * days)
      for (let b = 0; b < this.blocks; b++) {
        const start = b * block
        this.#randomizer.surrogate(
          s,
          this.#phases.subarray(b * bins, (b + 1) * bins),
          trans.subarray(start, Math.min(start + block, days)),
        )
      }
      const sea = this.#simSea.subarray(s * days, (s + 1) * days)
      for (let t = 0; t < days; t++) sea[t] = fromNormal(marginals, s, trans[t]!, this.#doy[t]!)
    }
    return { simTrans: this.#simTrans, simSea: this.#simSea, phases: this.#phases, rng }
  }
}

import { errorFunction, probit } from 'simple-statistics'

/**
 * The standard normal distribution, as a matched pair: `normalQuantile(normalCdf(z))`
 * returns `z` to ~1e-7, so fitting then back-transforming the data reproduces it.
 *
 * simple-statistics' `errorFunction` (Numerical Recipes' Chebyshev fit, fractional error
 * < 1.2e-7, with a jump of that size at 0) is accurate enough for a CDF: marginal knots
 * are ≥ 1e-4 apart in probability. Its `probit`, however, uses Winitzki's closed
 * form with an error near 1e-3, which would make the forward and backward transforms
 * disagree; Newton steps against the same CDF (2–4 in practice) remove that mismatch.
 */

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2))
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/** Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  let z = probit(p)
  for (let i = 0; i < 8; i++) {
    const density = INV_SQRT_2PI * Math.exp(-0.5 * z * z)
    if (density < 1e-300) break
    const step = (normalCdf(z) - p) / density
    z -= step
    if (Math.abs(step) < 1e-12) break
  }
  return z
}

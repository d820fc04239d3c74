/**
 * Solar geometry (FAO-56, Allen et al. 1998, eqs. 21–25), for the example radiation and
 * for shaping hourly radiation. Local solar time; the day of year is zero-based.
 */

const SOLAR_CONSTANT = 1367 // W/m²

/** Solar declination in radians. */
export function declination(doy: number): number {
  return 0.409 * Math.sin((2 * Math.PI * (doy + 1)) / 365 - 1.39)
}

/** Mean extraterrestrial irradiance over the whole day in W/m² (0 in polar night). */
export function dailyExtraterrestrial(latitudeDeg: number, doy: number): number {
  const phi = (latitudeDeg * Math.PI) / 180
  const delta = declination(doy)
  const dr = 1 + 0.033 * Math.cos((2 * Math.PI * (doy + 1)) / 365)
  const cosWs = Math.min(1, Math.max(-1, -Math.tan(phi) * Math.tan(delta)))
  const ws = Math.acos(cosWs)
  const integral =
    ws * Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.sin(ws)
  return Math.max(0, (SOLAR_CONSTANT / Math.PI) * dr * integral)
}

/** sin(solar elevation) at local solar time `hour` (0–24); negative when below horizon. */
export function sinElevation(latitudeDeg: number, doy: number, hour: number): number {
  const phi = (latitudeDeg * Math.PI) / 180
  const delta = declination(doy)
  const hourAngle = (Math.PI * (hour - 12)) / 12
  return Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.cos(hourAngle)
}

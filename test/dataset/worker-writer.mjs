// A tinypool worker: plain ESM, no vitest. It opens a store the main thread created and
// writes one realization, as Multisite's workers do.
export default async function writeRealization({ entry, path, realization, days, stations }) {
  const { openDataset } = await import(entry)
  const ds = await openDataset(path)
  try {
    const data = new Float32Array(stations * days)
    for (let i = 0; i < data.length; i++) data[i] = realization * 1_000_000 + i
    await ds.write('tas', data, { realization })
    return { realization, closed: false }
  } finally {
    await ds.close()
  }
}

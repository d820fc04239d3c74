import { expect, test } from 'vitest'

const MB = 1024 * 1024

for (let i = 1; i <= 7; i++) {
  test(`allocates and frees 3 MB, #${i}`, () => {
    const temporary = Array.from({ length: (3 * MB) / 8 }, (_, j) => j + 0.5)
    expect(temporary).toHaveLength((3 * MB) / 8)
  })
}

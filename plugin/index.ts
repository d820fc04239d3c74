import type { Plugin } from 'vite'

/** Placeholder until the plugin lands: a named no-op Vite plugin. */
export function leakguard(): Plugin {
  return { name: 'leakguard' }
}

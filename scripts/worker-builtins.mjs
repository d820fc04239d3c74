// The rule that keeps leakguard's bundled worker runtime from making ESM facades of Node
// built-ins that vitest's worker has not made already (issue 15, per-file start-up).
//
// Why: the first `import … from 'node:x'` of a built-in in a process builds its ESM facade,
// which reads every export of the module, running its lazy getters (`node:net`'s loads
// BlockList; `node:os`, `node:worker_threads` likewise). A vitest 4.1 forks worker already
// has the facades listed below (seen through the ESM loader's cache under
// --expose-internals, test file importing nothing else); leakguard's runtime added
// worker_threads, os, net and child_process, ~0.9 ms CPU per test file (ABBA, fresh forked
// children, BENCHMARKS.md). Those are reached through `require` instead, which returns the
// CommonJS module object the kinds patch anyway (and `syncBuiltinESMExports()` then updates
// the user's ESM view).
//
// A named import so rewritten is a snapshot taken when the chunk loads, not a live
// binding: fine for what the runtime imports by name from these modules (`subscribe`,
// `unsubscribe`, `EventEmitter`; the heap-diff chunk's `threadId`, `tmpdir`), which nothing
// patches. The kinds patch the module objects (default imports). An import clause of any
// other shape fails the build rather than being left as a facade.

/** Built-ins whose ESM facade a vitest worker has made before leakguard's runner loads. */
export const vitestFacades = new Set([
  'assert',
  'async_hooks',
  'console',
  'fs',
  'fs/promises',
  'module',
  'path',
  'perf_hooks',
  'process',
  'stream',
  'timers',
  'timers/promises',
  'url',
  'util',
  'v8',
  'vm',
])

const IMPORT_LINE = /^import ([^'"\n]+?) from "node:([a-z0-9_/]+)";$/gm
const REQUIRE = '__leakguardRequire'

/** `{ a, b as c }` → `{ a, b: c }`, the same bindings as a destructuring pattern. */
function namedToPattern(named, line) {
  const inner = named.slice(1, -1).trim()
  const parts = inner === '' ? [] : inner.split(',').map((part) => part.trim())
  const props = parts.map((part) => {
    const match = /^([A-Za-z_$][\w$]*)(?: as ([A-Za-z_$][\w$]*))?$/.exec(part)
    if (!match) throw new Error(`worker-builtins: cannot rewrite \`${line}\``)
    return match[2] ? `${match[1]}: ${match[2]}` : match[1]
  })
  return `{ ${props.join(', ')} }`
}

/** The statements that bind an import clause's names from the CommonJS module `expr`. */
function bindingsFor(clause, expr, line) {
  const ident = /^[A-Za-z_$][\w$]*$/
  const namespace = /^\* as ([A-Za-z_$][\w$]*)$/.exec(clause)
  if (namespace) return [`const ${namespace[1]} = ${expr};`]
  if (ident.test(clause)) return [`const ${clause} = ${expr};`]
  if (clause.startsWith('{') && clause.endsWith('}')) {
    return [`const ${namedToPattern(clause, line)} = ${expr};`]
  }
  const both = /^([A-Za-z_$][\w$]*), (\{.*\})$/.exec(clause)
  if (both?.[1] && both[2]) {
    return [`const ${both[1]} = ${expr};`, `const ${namedToPattern(both[2], line)} = ${both[1]};`]
  }
  throw new Error(`worker-builtins: cannot rewrite \`${line}\``)
}

/**
 * Rewrites a bundled chunk's imports of built-ins outside `vitestFacades` into `require`
 * calls. Returns the code unchanged when there are none.
 *
 * Every line stays on its line (the `require` set-up goes on the first rewritten one): the
 * chunk's source map then still holds for every line after the rewrite.
 *
 * @param {string} code - one output chunk, as rolldown renders it (one import a line)
 * @returns {{ code: string, required: string[] }} the new code and the built-ins it now requires
 */
export function requireUnfacadedBuiltins(code) {
  const required = []
  const rewritten = code.replace(IMPORT_LINE, (line, clause, id) => {
    if (vitestFacades.has(id)) return line
    // An import may sit anywhere at a module's top level: it is hoisted all the same.
    const setUp =
      required.length > 0
        ? []
        : [
            'import { createRequire as __leakguardCreateRequire } from "node:module";',
            `const ${REQUIRE} = __leakguardCreateRequire(import.meta.url);`,
          ]
    required.push(id)
    const expr = `${REQUIRE}(${JSON.stringify(`node:${id}`)})`
    return [...setUp, ...bindingsFor(clause.trim(), expr, line)].join(' ')
  })
  return { code: required.length === 0 ? code : rewritten, required }
}

/**
 * The built-ins a chunk still imports as ESM although vitest has no facade for them: what
 * `requireUnfacadedBuiltins` left behind (an import of another shape, e.g. spread over
 * lines). Empty when the rule holds.
 *
 * @param {string} code - a chunk as written to dist/worker
 */
export function unfacadedImports(code) {
  const found = []
  for (const match of code.matchAll(/\bfrom\s*["']node:([a-z0-9_/]+)["']/g)) {
    if (match[1] && !vitestFacades.has(match[1])) found.push(match[1])
  }
  // `import("node:x")` and the bare `import "node:x"`.
  for (const match of code.matchAll(/\bimport\s*\(?\s*["']node:([a-z0-9_/]+)["']/g)) {
    if (match[1] && !vitestFacades.has(match[1])) found.push(match[1])
  }
  return found
}

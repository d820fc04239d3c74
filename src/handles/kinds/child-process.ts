import childProcess, { type ChildProcess } from 'node:child_process'
import type { HandleKind } from './kind.js'
import { trackingPaused } from './untracked.js'
import { replaceMethod } from './wrap.js'

const FIX =
  "stop it with `child.kill()`, or wait for it to exit (`await once(child, 'exit')`), in the test or its `afterEach`."

const LABEL_MAX = 80

/** Running until it exits, or until `kill()` delivered a signal (its exit then follows). */
const childIsOpen = (child: ChildProcess): boolean =>
  child.pid !== undefined && child.exitCode === null && child.signalCode === null && !child.killed

/**
 * `child-process`: `spawn`, `exec`, `execFile` and `fork` all create a `ChildProcess` and call
 * its `spawn()`, so that one method is wrapped; the caller's line is on its stack. Node's
 * `child_process` channel publishes before the command and pid are known, too early for a label.
 */
export const childProcessKind: HandleKind = {
  name: 'child-process',
  install({ registry }) {
    // `spawn` is on the prototype, though not in the declared type.
    const prototype = childProcess.ChildProcess.prototype as unknown as {
      spawn: (this: ChildProcess, ...args: unknown[]) => unknown
    }
    return replaceMethod(
      prototype,
      'spawn',
      (spawn) =>
        function trackedSpawn(this: ChildProcess, ...args: unknown[]) {
          const result = spawn.apply(this, args)
          if (trackingPaused() || this.pid === undefined) return result
          const command = this.spawnargs.join(' ')
          const shown = command.length > LABEL_MAX ? `${command.slice(0, LABEL_MAX - 1)}…` : command
          registry.track(this, {
            kind: 'child-process',
            label: `${shown} (pid ${this.pid})`,
            fix: FIX,
            isOpen: childIsOpen,
            // Tracked as `this`: an unformatted stack would hold the child through this frame.
            eagerStack: true,
            // Below this wrapper: \`child_process\`'s frames (\`exec\` → \`execFile\` → \`spawn\`),
            // then the caller, within the 12 kept.
            openedBy: trackedSpawn,
          })
          // An exited child may be collected before the verdict: not "collected while open".
          this.once('exit', () => registry.release(this))
          return result
        },
    )
  },
}

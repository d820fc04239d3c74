import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'

/**
 * Ways to make a directory refuse writes, for tests that run as root (where `chmod` alone
 * stops nothing) as well as for ordinary users. Each returns an undo function, or a
 * reason why it is not possible here.
 */
export type Restriction = { undo: () => void } | { unavailable: string }

function probeWrite(dir: string): boolean {
  try {
    writeFileSync(`${dir}/.probe`, '')
    rmSync(`${dir}/.probe`)
    return true
  } catch {
    return false
  }
}

/**
 * Makes `dir` refuse new files and renames: `chattr +i` (immutable; works for root on
 * ext4/xfs/btrfs), else `chmod 555` (works for non-root users). EPERM or EACCES follows.
 */
export function makeReadOnly(dir: string): Restriction {
  const isRoot = process.getuid?.() === 0
  try {
    if (isRoot) execFileSync('chattr', ['+i', dir], { stdio: 'pipe' })
    else chmodSync(dir, 0o555)
  } catch (error) {
    return { unavailable: `cannot make ${dir} read-only: ${String(error)}` }
  }
  const undo = () => {
    if (isRoot) execFileSync('chattr', ['-i', dir], { stdio: 'pipe' })
    else chmodSync(dir, 0o755)
  }
  if (probeWrite(dir)) {
    undo()
    return { unavailable: `${dir} still accepts writes after chattr/chmod` }
  }
  return { undo }
}

/**
 * Mounts a tiny tmpfs of `kilobytes` at `dir`, so a write that does not fit fails with
 * ENOSPC part way through. Needs root with CAP_SYS_ADMIN (a CI container usually has it).
 */
export function mountTinyDisk(dir: string, kilobytes: number): Restriction {
  mkdirSync(dir, { recursive: true })
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir], {
      stdio: 'pipe',
    })
  } catch (error) {
    return { unavailable: `cannot mount a tmpfs (needs root): ${String(error).split('\n')[0]}` }
  }
  return { undo: () => execFileSync('umount', [dir], { stdio: 'pipe' }) }
}

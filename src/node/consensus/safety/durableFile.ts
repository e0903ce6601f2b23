/**
 * Crash-safe file writes: a file is replaced atomically (temp file, fsync, rename, fsync of the
 * directory), so after a crash it holds either the old bytes or the new ones, never a mix, and a
 * write that returned survives a power loss.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** fsyncs a directory, so that entries created, renamed or removed in it are durable. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Replaces `path` with `bytes` durably: writes `<path>.tmp`, fsyncs it, renames it over `path`
 * (atomic on POSIX file systems) and fsyncs the directory so the rename itself is durable.
 */
export function replaceFileDurably(path: string, bytes: Uint8Array | string, mode = 0o600): void {
  const temp = `${path}.tmp`
  const fd = openSync(temp, 'w', mode)
  try {
    writeFileSync(fd, bytes)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
  fsyncDirectory(dirname(path))
}

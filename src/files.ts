import { statSync } from 'node:fs'

/**
 * File helpers shared by the Kafka connection (secret and TLS files) and the HTTP endpoint (its web config and
 * certificates), which both pick up rotated files without a restart.
 */

/** Inode, size and mtime: a Kubernetes secret update swaps a symlink, which changes all three. */
export function fileFingerprint(file: string): string {
  try {
    const s = statSync(file)
    return `${s.ino}:${s.size}:${s.mtimeMs}`
  } catch {
    return 'missing'
  }
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultConfig } from '../../../../src/monitoring/config.js'
import { REPO } from './manifests.js'
import type { K8sObject } from './schemas.js'

/** The job the generated alerts select (job="kafkascope" in src/monitoring/config.ts). */
export function alertJob(): string {
  const m = /(?:^|,)\s*job="([^"]+)"/.exec(defaultConfig.selector)
  if (!m) throw new Error(`the alert selector ${defaultConfig.selector} names no job`)
  return m[1] as string
}

/** The paths src/http/server.ts routes (its `case '/...'` labels). */
export function serverRoutes(): string[] {
  const source = readFileSync(join(REPO, 'src/http/server.ts'), 'utf8')
  return [...source.matchAll(/case '(\/[^']*)':/g)].map((m) => m[1] as string)
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version
}

export const HARDENED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 1000,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
}

export function byKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind)
}

export function one(objects: readonly K8sObject[], kind: string): K8sObject {
  const found = byKind(objects, kind)
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`)
  return found[0] as K8sObject
}

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field
export type Any = any

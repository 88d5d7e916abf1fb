import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Any } from './expect.js'
import type { K8sObject } from './schemas.js'

/** Contents of Secrets that exist before the install (the ones a values file names), by name then key. */
export type ExistingSecrets = Readonly<Record<string, Readonly<Record<string, string>>>>

/**
 * Writes the files the kubelet would mount into the Deployment's first container under `root`, from the rendered
 * ConfigMaps and Secrets and the given existing Secrets. As the kubelet does, it fails when a volume names a
 * Secret or ConfigMap that does not exist or an item key the object lacks, so a chart that mounts the wrong key
 * fails here rather than in a pending pod. Returns the paths written (as seen inside the pod).
 */
export function mountPodFiles(
  objects: readonly K8sObject[],
  existing: ExistingSecrets,
  root: string,
): string[] {
  const deployment = objects.find((o) => o.kind === 'Deployment') as Any
  const pod = deployment.spec.template.spec
  const container = pod.containers[0]
  const data = (kind: 'Secret' | 'ConfigMap', name: string): Record<string, string> => {
    const rendered = objects.find((o) => o.kind === kind && o.metadata.name === name) as Any
    if (rendered && kind === 'Secret') {
      const entries = Object.entries(rendered.data as Record<string, string>)
      return Object.fromEntries(entries.map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))
    }
    if (rendered) return rendered.data
    const given = kind === 'Secret' ? existing[name] : undefined
    if (!given)
      throw new Error(`the pod mounts ${kind} ${name}, which neither the chart nor the test provides`)
    return { ...given }
  }
  const select = (
    kind: 'Secret' | 'ConfigMap',
    name: string,
    items: { key: string; path: string }[] | undefined,
  ): [string, string][] => {
    const all = data(kind, name)
    if (!items) return Object.entries(all)
    return items.map((i) => {
      if (!(i.key in all)) throw new Error(`${kind} ${name} has no key ${i.key}`)
      return [i.path, all[i.key] as string]
    })
  }
  const written: string[] = []
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes.find((v: Any) => v.name === mount.name)
    if (!volume) throw new Error(`volumeMount ${mount.name} has no volume`)
    const files: [string, string][] = volume.secret
      ? select('Secret', volume.secret.secretName, volume.secret.items)
      : volume.configMap
        ? select('ConfigMap', volume.configMap.name, volume.configMap.items)
        : (volume.projected?.sources ?? []).flatMap((s: Any) =>
            s.secret ? select('Secret', s.secret.name, s.secret.items) : [],
          )
    for (const [path, content] of files) {
      const inPod = `${mount.mountPath}/${path}`
      if (written.includes(inPod)) throw new Error(`two volumes write ${inPod}`)
      mkdirSync(dirname(join(root, inPod)), { recursive: true })
      writeFileSync(join(root, inPod), content)
      written.push(inPod)
    }
  }
  return written
}

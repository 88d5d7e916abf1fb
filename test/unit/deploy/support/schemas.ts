import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { parse } from 'yaml'

/**
 * Offline schemas for every object the manifests and the chart render: Kubernetes' own OpenAPI spec (swagger.json
 * of the k8s.io/kubernetes module) and prometheus-operator's CRDs (its Go module), both pinned and copied to
 * .cache/k8s-schemas by scripts/install-test-deps.sh. They are made strict the way kubeconform -strict does:
 * an object schema with properties admits no other property, so a misspelt field fails.
 */
export const KUBERNETES_VERSION = 'v1.34.2'
export const PROMETHEUS_OPERATOR_VERSION = 'v0.85.0'

const ROOT = new URL('../../../../.cache/k8s-schemas/', import.meta.url).pathname
const SWAGGER = join(ROOT, `kubernetes-${KUBERNETES_VERSION}-swagger.json`)
const CRDS = join(ROOT, `prometheus-operator-${PROMETHEUS_OPERATOR_VERSION}`)

type Schema = { [k: string]: unknown }

export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown }
  [k: string]: unknown
}

export class SchemaValidator {
  readonly #ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    code: { regExp: Object.assign(goRegExp, { code: 'goRegExp' }) },
  })
  readonly #byKind = new Map<string, string | Schema>()
  readonly #compiled = new Map<string, ValidateFunction>()

  constructor() {
    for (const file of [SWAGGER, CRDS]) {
      if (!existsSync(file)) {
        throw new Error(
          `missing ${file}: run bash scripts/install-test-deps.sh (it copies the pinned schemas)`,
        )
      }
    }
    const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8')) as { definitions: Record<string, Schema> }
    const definitions: Record<string, Schema> = {}
    for (const [name, def] of Object.entries(swagger.definitions)) {
      definitions[name] = strictCore(def) as Schema
      const gvks = (def['x-kubernetes-group-version-kind'] ?? []) as {
        group: string
        version: string
        kind: string
      }[]
      for (const g of gvks) this.#byKind.set(gvkKey(g.group, g.version, g.kind), `k8s#/definitions/${name}`)
    }
    // A Quantity is a string or a number in YAML ("64Mi", 1, 0.5).
    definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
      anyOf: [{ type: 'string' }, { type: 'number' }],
    }
    this.#ajv.addSchema({ $id: 'k8s', definitions })
    for (const file of readdirSync(CRDS).filter((f) => f.endsWith('.yaml'))) {
      const crd = parse(readFileSync(join(CRDS, file), 'utf8')) as {
        spec: {
          group: string
          names: { kind: string }
          versions: { name: string; schema: { openAPIV3Schema: Schema } }[]
        }
      }
      for (const v of crd.spec.versions) {
        this.#byKind.set(
          gvkKey(crd.spec.group, v.name, crd.spec.names.kind),
          strictCrd(v.schema.openAPIV3Schema) as Schema,
        )
      }
    }
  }

  /** Every schema error of one object, as `<kind>/<name>: <path> <message>` lines; [] when it is valid. */
  errors(obj: K8sObject): string[] {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion]
    const key = gvkKey(group as string, version as string, obj.kind)
    const where = `${obj.kind}/${obj.metadata?.name}`
    const schema = this.#byKind.get(key)
    if (schema === undefined) return [`${where}: no schema for ${obj.apiVersion} ${obj.kind}`]
    let validate = this.#compiled.get(key)
    if (!validate) {
      validate = typeof schema === 'string' ? this.#ajv.getSchema(schema) : this.#ajv.compile(schema)
      if (!validate) throw new Error(`failed to compile the schema of ${key}`)
      this.#compiled.set(key, validate)
    }
    if (validate(obj)) return []
    return (validate.errors ?? []).map(
      (e: ErrorObject) => `${where}: ${e.instancePath || '/'} ${e.message} ${describeParams(e)}`,
    )
  }
}

function describeParams(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  if ('additionalProperty' in p) return `(${String(p.additionalProperty)})`
  return ''
}

/** CRD patterns are Go (RE2) regular expressions: a leading (?i) is JavaScript's i flag. */
function goRegExp(pattern: string): RegExp {
  const insensitive = /\(\?i\)/.test(pattern)
  return new RegExp(pattern.replaceAll('(?i)', ''), insensitive ? 'i' : '')
}

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`
}

/** swagger 2.0 of Kubernetes → JSON schema: refs stay (rooted at the combined schema), objects become strict. */
function strictCore(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictCore)
  if (node === null || typeof node !== 'object') return node
  const n = node as Schema
  if (n.format === 'int-or-string') return { anyOf: [{ type: 'string' }, { type: 'integer' }] }
  const out: Schema = {}
  for (const [k, v] of Object.entries(n)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/definitions/', 'k8s#/definitions/')
    else if (k === 'properties')
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strictCore(s)]))
    else out[k] = strictCore(v)
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

/** A CRD's structural OpenAPI v3 schema → JSON schema, strict except where unknown fields are preserved. */
function strictCrd(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictCrd)
  if (node === null || typeof node !== 'object') return node
  const n = node as Schema
  if (n['x-kubernetes-int-or-string'] === true) return { anyOf: [{ type: 'string' }, { type: 'integer' }] }
  const out: Schema = {}
  for (const [k, v] of Object.entries(n)) {
    if (k === 'properties')
      out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strictCrd(s)]))
    else out[k] = strictCrd(v)
  }
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null']
  if (
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    n['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false
  }
  return out
}

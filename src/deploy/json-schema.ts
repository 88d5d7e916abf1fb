/**
 * A few builders for the JSON Schema (draft-07) of the chart's values. Every object the chart reads is closed
 * (additionalProperties: false), so Helm names a misspelt or unknown key instead of ignoring it; maps of labels
 * and annotations take any name with a string value; Kubernetes objects passed through as they are (affinity,
 * probes, resources, ...) are only typed here, since the API server (and the tests' offline schemas) check them
 * where they land in the rendered manifests.
 */
export type JsonSchema = { readonly [k: string]: unknown }

const described = (schema: Record<string, unknown>, description?: string): JsonSchema =>
  description === undefined ? schema : { ...schema, description }

export const str = (description?: string): JsonSchema => described({ type: 'string' }, description)
export const bool = (description?: string): JsonSchema => described({ type: 'boolean' }, description)
export const int = (minimum: number, description?: string): JsonSchema =>
  described({ type: 'integer', minimum }, description)

/** One of a fixed list of strings; '' keeps kafkascope's default. */
export const oneOfOrEmpty = (values: readonly string[], description?: string): JsonSchema =>
  described({ type: 'string', enum: ['', ...values] }, description)

/** A setting written as on the command line: "30s", "4MiB", 100. */
export const scalar = (description?: string): JsonSchema =>
  described({ type: ['string', 'number'] }, description)

/** Values files of prometheus-kafka-exporter write some keys as null (`relabelings: null`, `name:`). */
export const nullable = (schema: JsonSchema): JsonSchema => {
  const type = schema.type
  return { ...schema, type: [...(Array.isArray(type) ? type : [type]), 'null'] }
}

export const list = (items: JsonSchema, description?: string): JsonSchema =>
  described({ type: 'array', items }, description)

export const strings = (description?: string): JsonSchema => list({ type: 'string' }, description)

/** Label or annotation names to string values. */
export const stringMap = (description?: string): JsonSchema =>
  described({ type: 'object', additionalProperties: { type: 'string' } }, description)

/** A Kubernetes object or list of them, passed through to the manifest (validated by Kubernetes there). */
export const k8sObject = (description?: string): JsonSchema => described({ type: 'object' }, description)
export const k8sList = (description?: string): JsonSchema =>
  described({ type: 'array', items: { type: 'object' } }, description)

/** A closed object: any key not listed fails `helm install/template/lint` with the key's path. */
export const closed = (properties: Record<string, JsonSchema>, description?: string): JsonSchema =>
  described({ type: 'object', additionalProperties: false, properties }, description)

/**
 * Every property path of a schema's closed objects (a.b.c), the leaves and the objects themselves, to compare
 * with the keys of values.yaml.
 */
export function propertyPaths(schema: JsonSchema, prefix = ''): string[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined
  if (properties === undefined) return []
  return Object.entries(properties).flatMap(([k, s]) => {
    const path = prefix === '' ? k : `${prefix}.${k}`
    return [path, ...propertyPaths(s, path)]
  })
}

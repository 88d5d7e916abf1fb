/**
 * YAML for the generated rule, test, provisioning, Alertmanager and deploy files, written by the `yaml` package.
 * Only the style of each string is chosen here, so the committed files stay readable and `npm run lint` accepts
 * them: plain when unambiguous, quoted as biome formats them when one line, literal blocks when multi-line.
 * promtool and amtool parse every file written with it in the test run.
 */
import { Document, type Scalar, visit } from 'yaml'

export type YamlValue =
  | string
  | number
  | boolean
  | null
  | readonly YamlValue[]
  | { readonly [k: string]: YamlValue }

export function toYaml(value: YamlValue): string {
  const doc = new Document(value)
  visit(doc, {
    Scalar(key, node) {
      if (typeof node.value === 'number' && !Number.isFinite(node.value)) {
        throw new Error(`cannot write ${node.value} to YAML`)
      }
      if (typeof node.value === 'string') node.type = key === 'key' ? keyStyle(node.value) : style(node.value)
    },
  })
  // No line folding (PromQL and descriptions stay on one line), JSON escapes in double quotes (as biome writes
  // them), and list items indented under their key.
  return doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true, indentSeq: true })
}

// Plain scalars YAML would not read back as the same string: booleans, nulls, numbers, and anything with
// indicator characters. Everything else is left plain for readability.
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./()=,+-]*$/
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i
// Prometheus durations (`for: 5m`) are plain in every YAML version; other strings starting with a digit are quoted.
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/

function style(s: string): Scalar.Type {
  if (s.includes('\n')) {
    // A literal block keeps the text byte for byte, except leading whitespace, which would need an indentation
    // indicator that readers of the generated files should not have to decode.
    if (/^\s/.test(s)) throw new Error('multi-line YAML strings must not start with whitespace')
    return 'BLOCK_LITERAL'
  }
  if ((PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ')) || DURATION.test(s)) return 'PLAIN'
  // Like the repository's formatter (biome): double quotes unless the string has more of them than single
  // quotes, as PromQL selectors do.
  const doubles = s.split('"').length - 1
  const singles = s.split("'").length - 1
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot be single-quoted
  if (doubles <= singles || /[\u0000-\u001f\u007f]/.test(s)) return 'QUOTE_DOUBLE'
  return 'QUOTE_SINGLE'
}

// Keys YAML 1.1 reads as booleans (y, n, on) are quoted.
function keyStyle(k: string): Scalar.Type {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) && !RESERVED.test(k) ? 'PLAIN' : 'QUOTE_DOUBLE'
}

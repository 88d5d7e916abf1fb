// Writes every generated artefact (see src/monitoring/artifacts.ts). `--check` only reports stale files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ARTIFACTS } from '../src/artifacts.js'

const root = join(dirname(new URL(import.meta.url).pathname), '..')
const check = process.argv.includes('--check')
let stale = 0
for (const artifact of ARTIFACTS) {
  const file = join(root, artifact.path)
  const current = existsSync(file) ? readFileSync(file, 'utf8') : null
  const next = artifact.render(current)
  if (next === current) continue
  stale++
  if (check) console.error(`stale: ${artifact.path}`)
  else {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, next)
    console.log(`wrote ${artifact.path}`)
  }
}
if (check && stale > 0) {
  console.error('run `npm run generate` and commit the result')
  process.exit(1)
}

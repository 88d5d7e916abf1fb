import { readFileSync } from 'node:fs'

// Read once at start: package.json is the single source of the version, in dev (tsx/vitest) and in dist/.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string
}

export const VERSION: string = pkg.version

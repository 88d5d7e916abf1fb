import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Reader } from '@platformatic/kafka'

/** Kafka versions whose answers test/support/record-responses.ts recorded into test/fixtures/kafka/<version>/. */
export const KAFKA_VERSIONS = ['4.4.0', '3.9.1'] as const
const root = join(import.meta.dirname, '..', 'fixtures', 'kafka')

/** The recorded response body `name` (`%v` stands for the version, which the file name says). */
export function fixture(kafka: string, name: string): { reader: Reader; version: number } {
  const pattern = new RegExp(`^${name.replace('%v', '(\\d+)')}\\.bin$`)
  const found = readdirSync(join(root, kafka)).filter((f) => pattern.test(f))
  if (found.length !== 1)
    throw new Error(`expected one fixture ${name} for Kafka ${kafka}, found ${found.length}`)
  const file = found[0] as string
  return {
    reader: Reader.from(readFileSync(join(root, kafka, file))),
    version: Number(pattern.exec(file)?.[1]),
  }
}

export function manifest(kafka: string): { brokerId: number; topicIds: Record<string, string> } {
  return JSON.parse(readFileSync(join(root, kafka, 'manifest.json'), 'utf8'))
}

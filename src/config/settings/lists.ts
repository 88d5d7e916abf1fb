import { MAX_REGEX_CHARS } from '../../limits.js'
import { setting } from '../setting.js'
import { validListEntry } from '../values.js'

const ENTRY = "a name, or /regex/ (RE2, unanchored) as in KMinion's allowed/ignored lists"

/**
 * KMinion-style allow and ignore lists, beside kafka_exporter's single include/exclude regex: a migrated KMinion
 * config keeps its lists as they are. A name must pass both the regexes and the lists.
 */
export const LIST_SETTINGS = [
  setting({
    key: 'topicAllow',
    flag: 'topic.allow',
    kind: 'string',
    help: `Topic to export: ${ENTRY}; when given, only topics on this list (and --topic.filter) are exported`,
    repeatable: true,
    default: [] as string[],
    parse: validListEntry,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'name|/regex/',
  }),
  setting({
    key: 'topicIgnore',
    flag: 'topic.ignore',
    kind: 'string',
    help: `Topic not to export: ${ENTRY}; wins over --topic.allow`,
    repeatable: true,
    default: [] as string[],
    parse: validListEntry,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'name|/regex/',
  }),
  setting({
    key: 'groupAllow',
    flag: 'group.allow',
    kind: 'string',
    help: `Consumer group to export: ${ENTRY}; when given, only groups on this list (and --group.filter) are exported`,
    repeatable: true,
    default: [] as string[],
    parse: validListEntry,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'name|/regex/',
  }),
  setting({
    key: 'groupIgnore',
    flag: 'group.ignore',
    kind: 'string',
    help: `Consumer group not to export: ${ENTRY}; wins over --group.allow`,
    repeatable: true,
    default: [] as string[],
    parse: validListEntry,
    maxChars: MAX_REGEX_CHARS,
    placeholder: 'name|/regex/',
  }),
] as const

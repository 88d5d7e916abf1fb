import { describe, expect, it } from 'vitest'
import { concreteText, templateText } from '../../../src/monitoring/alerts/template.js'

// The expected strings are what Prometheus 2.42 prints; the generated promtool tests check the same emulation
// against the real template engine.
describe('alert description text', () => {
  it('renders Go templates for the rule file', () => {
    expect(templateText.label('topic')).toBe('{{ $labels.topic }}')
    expect(templateText.value()).toBe('{{ $value }}')
    expect(templateText.value('humanize')).toBe('{{ $value | humanize }}')
  })

  it('renders labels as Prometheus would, empty when absent', () => {
    const t = concreteText({ topic: 'orders' }, 1)
    expect(t.label('topic')).toBe('orders')
    expect(t.label('partition')).toBe('')
  })

  it.each([
    [0, '0'],
    [5, '5'],
    [1000, '1k'],
    [1400, '1.4k'],
    [1001, '1.001k'],
    [1234567, '1.235M'],
    [3e9, '3G'],
  ])('humanize(%d) = %s', (v, text) => {
    expect(concreteText({}, v).value('humanize')).toBe(text)
  })

  it.each([
    [45, '45s'],
    [60, '1m 0s'],
    [3600, '1h 0m 0s'],
    [90061, '1d 1h 1m 1s'],
  ])('humanizeDuration(%d) = %s', (v, text) => {
    expect(concreteText({}, v).value('humanizeDuration')).toBe(text)
  })

  it('humanizePercentage and plain values', () => {
    expect(concreteText({}, 0.2).value('humanizePercentage')).toBe('20%')
    expect(concreteText({}, 0.125).value('humanizePercentage')).toBe('12.5%')
    expect(concreteText({}, -1).value()).toBe('-1')
  })

  it('refuses values it cannot format exactly as Go does', () => {
    expect(() => concreteText({}, 0.5).value('humanize')).toThrow('no humanize emulation')
    expect(() => concreteText({}, 1.5).value()).toThrow('no %v emulation')
  })
})

// Generated from src/monitoring by npm run generate; do not edit.
// Recording rules: kafkascope needs none. Per-group lag thresholds are recording rules users add themselves
// (docs/alerting.md); their names are _config.thresholdOverrides.
{
  prometheusRules+:: { groups+: [] },
}

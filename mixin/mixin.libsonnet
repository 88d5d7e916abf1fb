// Generated from src/monitoring by npm run generate; do not edit.
// kafkascope's monitoring mixin: alerts, recording rules (none yet) and Grafana dashboards from one _config.
// Override any of it when composing, e.g.
//   (import 'kafkascope/mixin.libsonnet') + { _config+:: { selector: 'job="kafka-exporter"', lagMessagesWarning: 5000 } }
(import 'config.libsonnet') +
(import 'alerts.libsonnet') +
(import 'rules.libsonnet') +
(import 'dashboards.libsonnet')

/**
 * Labels of the generated monitoring objects, the same as in the hand-written manifests and the chart. The
 * generated alerts select `job="kafkascope"` (src/monitoring/config.ts); the ServiceMonitors take the job from the
 * Service's `app.kubernetes.io/name` label (jobLabel), so its value must be that job (test/unit/deploy checks it).
 */
export const APP_NAME = 'kafkascope'
export const NAME_LABEL = 'app.kubernetes.io/name'
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard'

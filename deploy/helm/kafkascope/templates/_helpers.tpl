{{- define "kafkascope.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kafkascope.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kafkascope.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels; app.kubernetes.io/name is also the ServiceMonitor's jobLabel. */}}
{{- define "kafkascope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafkascope.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kafkascope.labels" -}}
{{ include "kafkascope.selectorLabels" . }}
helm.sh/chart: {{ include "kafkascope.chart" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "kafkascope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kafkascope.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the chart creates, and the Secrets the pod reads each credential from. */}}
{{- define "kafkascope.secretName" -}}
{{- include "kafkascope.fullname" . -}}
{{- end -}}

{{- define "kafkascope.scramSecretName" -}}
{{- default (include "kafkascope.secretName" .) .Values.sasl.scram.secretName -}}
{{- end -}}

{{- define "kafkascope.oauthSecretName" -}}
{{- default (include "kafkascope.secretName" .) .Values.sasl.oauthbearer.secretName -}}
{{- end -}}

{{- define "kafkascope.scramEnabled" -}}
{{- if and .Values.sasl.enabled .Values.sasl.scram.enabled }}true{{ end -}}
{{- end -}}

{{- define "kafkascope.oauthEnabled" -}}
{{- if and .Values.sasl.enabled .Values.sasl.oauthbearer.enabled }}true{{ end -}}
{{- end -}}

{{/*
Kafka TLS files, as YAML {ca|cert|key|keyPassword: {key, chart}}: each of tls.caFile/certFile/keyFile is either PEM
contents (kept in the chart's Secret under ca.crt/tls.crt/tls.key, as the chart always did) or, as in
prometheus-kafka-exporter, the name of that file in tls.secretName; empty means tls.secretKeys' name. A name
without tls.secretName means no file, as in prometheus-kafka-exporter without a mountPath.
*/}}
{{- define "kafkascope.tlsFiles" -}}
{{- $t := .Values.tls -}}
{{- if $t.enabled -}}
{{- $chartKeys := dict "ca" "ca.crt" "cert" "tls.crt" "key" "tls.key" -}}
{{- $keys := default (dict) $t.secretKeys -}}
{{- $paths := list -}}
{{- range $f := list "ca" "cert" "key" -}}
{{- $v := toString (default "" (index $t (printf "%sFile" $f))) -}}
{{- $key := "" -}}{{- $chart := false -}}
{{- if contains "-----BEGIN" $v -}}
{{- $key = index $chartKeys $f -}}{{- $chart = true -}}
{{- else if $t.secretName -}}
{{- $key = default (toString (default "" (index $keys $f))) $v -}}
{{- end -}}
{{- if $key -}}
{{- if has $key $paths -}}
{{- fail (printf "tls: two files would be mounted as %s/%s: give tls.%sFile another key" $t.mountPath $key $f) -}}
{{- end -}}
{{- $paths = append $paths $key -}}
{{ $f }}: {key: {{ $key | quote }}, chart: {{ $chart }}}
{{ end -}}
{{- end -}}
{{- if $t.keyPassword }}keyPassword: {key: tls-key-password, chart: true}{{ "\n" }}{{ end -}}
{{- end -}}
{{- end -}}

{{/* Whether the chart's own Secret has anything to hold. */}}
{{- define "kafkascope.chartSecret" -}}
{{- $s := .Values.sasl -}}
{{- if and (include "kafkascope.scramEnabled" .) (not $s.scram.secretName) }}true{{ end -}}
{{- if and (include "kafkascope.oauthEnabled" .) (not $s.oauthbearer.secretName) }}true{{ end -}}
{{- range $f := include "kafkascope.tlsFiles" . | fromYaml }}{{ if $f.chart }}true{{ end }}{{ end -}}
{{- end -}}

{{/*
The image: prometheus-kafka-exporter's default repository (danielqsj/kafka-exporter, with any tag) cannot run
kafkascope, so a values file that still names it gets kafkascope's default image.
*/}}
{{- define "kafkascope.image" -}}
{{- $repo := .Values.image.repository -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if regexMatch "^([^/]+[.:][^/]*/)?(library/)?danielqsj/kafka-exporter$" $repo -}}
{{- $repo = "kafkascope" -}}{{- $tag = .Chart.AppVersion -}}
{{- end -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}

{{/* Image pull secrets of both spellings prometheus-kafka-exporter takes: names or {name: ...}; global ones first. */}}
{{- define "kafkascope.imagePullSecrets" -}}
{{- $global := list -}}
{{- with .Values.global }}{{ $global = default (list) .imagePullSecrets }}{{ end -}}
{{- range concat $global (default (list) .Values.imagePullSecrets) }}
{{- if kindIs "map" . }}
- {{ toYaml . | trim }}
{{- else }}
- name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Endpoint TLS (server.tls): the chart renders the web config; webConfig.secretName is a web config of one's own. */}}
{{- define "kafkascope.serverTls" -}}
{{- if .Values.server.tls.enabled }}true{{ end -}}
{{- end -}}

{{- define "kafkascope.webConfigFile" -}}
{{- if or .Values.webConfig.secretName (include "kafkascope.serverTls" .) }}/etc/kafkascope/web/web-config.yml{{ end -}}
{{- end -}}

{{/* The scrape scheme of the ServiceMonitor or PodMonitor: https when the chart serves TLS and none is set. */}}
{{- define "kafkascope.scrapeScheme" -}}
{{- $m := index . 0 -}}{{- $root := index . 1 -}}
{{- if $m.scheme }}{{ lower $m.scheme }}{{ else if include "kafkascope.serverTls" $root }}https{{ end -}}
{{- end -}}

{{/* A probe of the values, HTTPS when the chart serves TLS and the probe names no scheme. */}}
{{- define "kafkascope.probe" -}}
{{- $probe := deepCopy (index . 0) -}}{{- $root := index . 1 -}}
{{- if and (include "kafkascope.serverTls" $root) $probe.httpGet (not $probe.httpGet.scheme) -}}
{{- $_ := set $probe.httpGet "scheme" "HTTPS" -}}
{{- end -}}
{{- toYaml $probe -}}
{{- end -}}

{{/* Values that cannot work, refused with what to do instead (the schema has already refused unknown keys). */}}
{{- define "kafkascope.validate" -}}
{{- $v := .Values -}}
{{- if and $v.kafka $v.kafka.enabled -}}
{{- fail "kafka.enabled: prometheus-kafka-exporter's Kafka subchart is for its own CI; kafkascope's chart deploys no Kafka: remove it" -}}
{{- end -}}
{{- if and $v.sasl.enabled $v.sasl.kerberos $v.sasl.kerberos.enabled -}}
{{- fail "sasl.kerberos.enabled: kafkascope does not support Kerberos (GSSAPI); use SASL/SCRAM (sasl.scram), OAUTHBEARER (sasl.oauthbearer) or mutual TLS" -}}
{{- end -}}
{{- range $v.command -}}
{{- if contains "kafka_exporter" (toString .) -}}
{{- fail (printf "command: %s is kafka_exporter's binary, which kafkascope's image has not: remove command (the image runs kafkascope)" .) -}}
{{- end -}}
{{- end -}}
{{- if include "kafkascope.serverTls" . -}}
{{- if $v.webConfig.secretName -}}
{{- fail "server.tls.enabled and webConfig.secretName: set one (webConfig's file has its own tls_server_config)" -}}
{{- end -}}
{{- if not $v.server.tls.secretName -}}
{{- fail "server.tls.secretName is required: the Secret holding the server certificate and key (server.tls.certFile, server.tls.keyFile)" -}}
{{- end -}}
{{- if $v.server.tls.mutualAuthEnabled -}}
{{- range $name := list "startup" "liveness" "readiness" -}}
{{- $p := index $v $name -}}
{{- if and $p $p.enabled $p.probe.httpGet -}}
{{- fail (printf "%s.probe: with server.tls.mutualAuthEnabled the kubelet cannot present a client certificate, so an httpGet probe fails: use tcpSocket (port: exporter-port) or set %s.enabled=false" $name $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $v.prometheus.serviceMonitor.enabled $v.prometheus.podMonitor.enabled -}}
{{- fail "prometheus.serviceMonitor.enabled and prometheus.podMonitor.enabled: enable one, or Prometheus scrapes every series twice" -}}
{{- end -}}
{{- end -}}

{{/* kafkascope's own settings: value key → flag (src/config/settings.ts); empty values keep kafkascope's default. */}}
{{- define "kafkascope.settingFlags" -}}
pollInterval: poll.interval
pollTimeout: poll.timeout
topicConfigRefreshInterval: topic.config-refresh-interval
logDirsRefreshInterval: log-dirs.refresh-interval
topicFilter: topic.filter
topicExclude: topic.exclude
groupFilter: group.filter
groupExclude: group.exclude
lagFetchMaxBytes: lag.fetch-max-bytes
statusWindow: status.window
statusAllowedLag: status.allowed-lag
groupInactiveGrace: group.inactive-grace
metricsGranularity: metrics.granularity
metricsTopicGranularity: metrics.topic-granularity
metricsGroupGranularity: metrics.group-granularity
metricsSet: metrics.set
logLevel: log.level
logFormat: log.format
{{- end -}}

{{- define "kafkascope.webConfigName" -}}
{{- printf "%s-web-config" (include "kafkascope.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

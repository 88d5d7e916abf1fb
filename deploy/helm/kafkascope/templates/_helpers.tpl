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

{{/* TLS files: from an existing Secret (secretName, secretKeys) or from the chart's Secret (inline PEM). */}}
{{- define "kafkascope.tlsFiles" -}}
{{- $t := .Values.tls -}}
{{- if $t.enabled -}}
{{- if $t.secretName -}}
{{- with $t.secretKeys.ca }}ca: {{ . }}{{ "\n" }}{{ end -}}
{{- with $t.secretKeys.cert }}cert: {{ . }}{{ "\n" }}{{ end -}}
{{- with $t.secretKeys.key }}key: {{ . }}{{ "\n" }}{{ end -}}
{{- else -}}
{{- if $t.caFile }}ca: ca.crt{{ "\n" }}{{ end -}}
{{- if $t.certFile }}cert: tls.crt{{ "\n" }}{{ end -}}
{{- if $t.keyFile }}key: tls.key{{ "\n" }}{{ end -}}
{{- end -}}
{{- if $t.keyPassword }}keyPassword: tls-key-password{{ "\n" }}{{ end -}}
{{- end -}}
{{- end -}}

{{/* Whether the chart's own Secret has anything to hold. */}}
{{- define "kafkascope.chartSecret" -}}
{{- $s := .Values.sasl -}}
{{- $t := .Values.tls -}}
{{- if and (include "kafkascope.scramEnabled" .) (not $s.scram.secretName) }}true{{ end -}}
{{- if and (include "kafkascope.oauthEnabled" .) (not $s.oauthbearer.secretName) }}true{{ end -}}
{{- if and $t.enabled (not $t.secretName) (or $t.caFile $t.certFile $t.keyFile) }}true{{ end -}}
{{- if and $t.enabled $t.keyPassword }}true{{ end -}}
{{- end -}}

{{/* kafkascope's own settings: value key → flag (src/config/settings.ts); empty values keep kafkascope's default. */}}
{{- define "kafkascope.settingFlags" -}}
pollInterval: poll.interval
pollTimeout: poll.timeout
topicConfigRefreshInterval: topic.config-refresh-interval
topicFilter: topic.filter
topicExclude: topic.exclude
groupFilter: group.filter
groupExclude: group.exclude
lagFetchMaxBytes: lag.fetch-max-bytes
statusWindow: status.window
statusAllowedLag: status.allowed-lag
groupInactiveGrace: group.inactive-grace
metricsGranularity: metrics.granularity
logLevel: log.level
logFormat: log.format
{{- end -}}

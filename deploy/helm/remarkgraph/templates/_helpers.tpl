{{/* The release's name for objects: <release>-remarkgraph, or the release name when it says remarkgraph already. */}}
{{- define "remarkgraph.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "remarkgraph.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "remarkgraph.labels" -}}
{{ include "remarkgraph.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "remarkgraph.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "remarkgraph.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "remarkgraph.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The address of pod 0, the primary, through the headless Service: what the replicas follow and the backup job calls. */}}
{{- define "remarkgraph.primaryAddress" -}}
{{- printf "%s-0.%s-headless.%s.svc:%d" (include "remarkgraph.fullname" .) (include "remarkgraph.fullname" .) .Release.Namespace (int .Values.port) -}}
{{- end -}}

{{/* The name the chart's own clients (replicas, probes, the backup job) check the server's certificate against. */}}
{{- define "remarkgraph.tlsServerName" -}}
{{- default (printf "%s.%s.svc" (include "remarkgraph.fullname" .) .Release.Namespace) .Values.tls.serverName -}}
{{- end -}}

{{/* Labels of the pods that serve gRPC, primary and replicas: what the headless Service, the PodDisruptionBudget and the NetworkPolicy select. */}}
{{- define "remarkgraph.serverPodLabel" -}}
remarkgraph.io/server: "true"
{{- end -}}

{{/* The pods' security context: user 10001 of the image, never root. */}}
{{- define "remarkgraph.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "remarkgraph.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The checks every template shares: fail early with what to change. */}}
{{- define "remarkgraph.validate" -}}
{{- if lt (int .Values.replicaCount) 1 -}}
{{- fail "replicaCount must be at least 1: pod 0 is the primary, the others read replicas" -}}
{{- end -}}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) -}}
{{- fail "tls.enabled needs tls.secretName (a Secret with tls.crt, tls.key and ca.crt)" -}}
{{- end -}}
{{- if and .Values.policy.enabled (not .Values.policy.secretName) -}}
{{- fail "policy.enabled needs policy.secretName (a Secret with policy.json)" -}}
{{- end -}}
{{- if and .Values.policy.enabled (not .Values.tls.enabled) -}}
{{- fail "policy.enabled needs tls.enabled: identities and tokens are trusted only over TLS" -}}
{{- end -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled needs metrics.enabled" -}}
{{- end -}}
{{- $admin := .Values.adminCredentials -}}
{{- $replicas := gt (int .Values.replicaCount) 1 -}}
{{- if and .Values.policy.enabled (or $replicas .Values.backup.enabled) (not (or $admin.tokenSecretName $admin.certSecretName)) -}}
{{- fail "policy.enabled with replicas or backup.enabled needs adminCredentials.tokenSecretName or adminCredentials.certSecretName (an identity with the admin role)" -}}
{{- end -}}
{{- if and .Values.tls.enabled .Values.tls.requireClientCertificates (or $replicas .Values.backup.enabled) (not $admin.certSecretName) -}}
{{- fail "tls.requireClientCertificates with replicas or backup.enabled needs adminCredentials.certSecretName (a client certificate for the handshake)" -}}
{{- end -}}
{{- if and $admin.tokenSecretName (not .Values.tls.enabled) -}}
{{- fail "adminCredentials.tokenSecretName needs tls.enabled: tokens are only sent over TLS" -}}
{{- end -}}
{{- if and .Values.replication.readsFromReplicasOnly (not $replicas) -}}
{{- fail "replication.readsFromReplicasOnly needs replicaCount above 1" -}}
{{- end -}}
{{- end -}}

{{/*
Helpers. Most take a dict: (dict "root" $ "name" <service name>), where <service name> is a key of .Values.services.
*/}}

{{/* The chart name. */}}
{{- define "safety-plane.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every resource name: the release name, plus the chart name unless the release name holds it. */}}
{{- define "safety-plane.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The name of one service's resources (Deployment, Service, ConfigMap, ...): <fullname>-<service>. */}}
{{- define "safety-plane.componentName" -}}
{{- printf "%s-%s" (include "safety-plane.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select one service's pods. */}}
{{- define "safety-plane.selectorLabels" -}}
app.kubernetes.io/name: {{ include "safety-plane.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* All labels of one service's resources. */}}
{{- define "safety-plane.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "safety-plane.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: safety-plane
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* Labels of the chart's resources that belong to no one service (topics, rules). */}}
{{- define "safety-plane.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "safety-plane.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: safety-plane
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* One service's image: <registry>/<repository>/<name>:<tag>. */}}
{{- define "safety-plane.image" -}}
{{- $svc := index .root.Values.services .name }}
{{- $img := $svc.image | default (dict) }}
{{- $repo := printf "%s/%s" .root.Values.image.repository (default .name $img.name) }}
{{- if .root.Values.image.registry }}
{{- $repo = printf "%s/%s" .root.Values.image.registry $repo }}
{{- end }}
{{- printf "%s:%s" $repo (toString (default (default .root.Chart.AppVersion .root.Values.image.tag) $img.tag)) }}
{{- end }}

{{/* One service's ServiceAccount name. */}}
{{- define "safety-plane.serviceAccountName" -}}
{{- $sa := (index .root.Values.services .name).serviceAccount | default (dict) }}
{{- if $sa.create }}
{{- default (include "safety-plane.componentName" .) $sa.name }}
{{- else }}
{{- default "default" $sa.name }}
{{- end }}
{{- end }}

{{/* Whether a service verifies staff and admin JWTs (its application.properties configures mp.jwt). */}}
{{- define "safety-plane.usesJwt" -}}
{{- if has .name (list "filter-service" "hash-service" "enforcement-service") }}true{{ end }}
{{- end }}

{{/* The host of a callee service, for its callers' configuration (the port is .Values.grpcPort). */}}
{{- define "safety-plane.grpcHost" -}}
{{- include "safety-plane.componentName" . }}
{{- end }}

{{/*
The non-secret settings of one service, as a YAML map of environment variables (its ConfigMap's data; its checksum
rolls the pods when it changes).
*/}}
{{- define "safety-plane.config" -}}
{{- $root := .root }}
{{- $name := .name }}
{{- $svc := index $root.Values.services $name }}
{{- $cfg := dict }}
{{- $_ := set $cfg "QUARKUS_HTTP_PORT" (toString $svc.port) }}
{{- $_ := set $cfg "KAFKA_BOOTSTRAP_SERVERS" (required "kafka.bootstrapServers is required" $root.Values.kafka.bootstrapServers) }}
{{- $_ := set $cfg "SAFETYPLANE_JSON_LOGS" (toString $root.Values.observability.jsonLogs) }}
{{- $_ := set $cfg "SAFETYPLANE_OTEL_DISABLED" (toString (not $root.Values.observability.otel.enabled)) }}
{{- if $root.Values.observability.otel.enabled }}
{{- $_ := set $cfg "OTEL_EXPORTER_OTLP_ENDPOINT" (required "observability.otel.endpoint is required when otel is enabled" $root.Values.observability.otel.endpoint) }}
{{- end }}
{{- if $svc.javaOpts }}
{{- $_ := set $cfg "JAVA_OPTS_APPEND" $svc.javaOpts }}
{{- end }}
{{- if include "safety-plane.usesJwt" . }}
{{- $_ := set $cfg "SAFETYPLANE_JWT_ISSUER" (required "auth.jwt.issuer is required" $root.Values.auth.jwt.issuer) }}
{{- if $root.Values.auth.jwt.publicKeyLocation }}
{{- $_ := set $cfg "SAFETYPLANE_JWT_PUBLIC_KEY" $root.Values.auth.jwt.publicKeyLocation }}
{{- else }}
{{- $_ := set $cfg "SAFETYPLANE_JWT_PUBLIC_KEY" (printf "file:/etc/safety-plane/jwt/%s" $root.Values.auth.jwt.publicKey.key) }}
{{- end }}
{{- end }}
{{- if eq $name "filter-service" }}
{{- $_ := set $cfg "ENFORCEMENT_HOST" (include "safety-plane.grpcHost" (dict "root" $root "name" "enforcement-service")) }}
{{- $_ := set $cfg "ENFORCEMENT_PORT" (toString $root.Values.grpcPort) }}
{{- $_ := set $cfg "HASH_HOST" (include "safety-plane.grpcHost" (dict "root" $root "name" "hash-service")) }}
{{- $_ := set $cfg "HASH_PORT" (toString $root.Values.grpcPort) }}
{{- $_ := set $cfg "CLASSIFIER_HOST" (include "safety-plane.grpcHost" (dict "root" $root "name" "classifier-service")) }}
{{- $_ := set $cfg "CLASSIFIER_PORT" (toString $root.Values.grpcPort) }}
{{- end }}
{{- if eq $name "classifier-service" }}
{{- $_ := set $cfg "SAFETYPLANE_CLASSIFIER_PROVIDER" (required "services.classifier-service.inference.provider is required" $svc.inference.provider) }}
{{- end }}
{{- if eq $name "hash-service" }}
{{- $_ := set $cfg "EVIDENCE_HOST" (include "safety-plane.grpcHost" (dict "root" $root "name" "enforcement-service")) }}
{{- $_ := set $cfg "EVIDENCE_PORT" (toString $root.Values.grpcPort) }}
{{- $_ := set $cfg "HASH_SERVICE_REPLICATION_SNAPSHOT_DIR" "/var/lib/safety-plane/hash-snapshot" }}
{{- end }}
{{- if eq $name "provenance-service" }}
{{- $_ := set $cfg "CLASSIFIER_HOST" (include "safety-plane.grpcHost" (dict "root" $root "name" "classifier-service")) }}
{{- $_ := set $cfg "CLASSIFIER_PORT" (toString $root.Values.grpcPort) }}
{{- $signing := $svc.signing }}
{{- if not (has $signing.source (list "pem" "pkcs12")) }}
{{- fail "services.provenance-service.signing.source must be pem or pkcs12 (dev is for local runs only)" }}
{{- end }}
{{- $_ := set $cfg "PROVENANCE_SIGNING_SOURCE" $signing.source }}
{{- if eq $signing.source "pem" }}
{{- $_ := set $cfg "PROVENANCE_SIGNING_CERTIFICATE_CHAIN" (printf "/etc/safety-plane/signing/%s" $signing.certificateChainKey) }}
{{- $_ := set $cfg "PROVENANCE_SIGNING_PRIVATE_KEY" (printf "/etc/safety-plane/signing/%s" $signing.privateKeyKey) }}
{{- else }}
{{- $_ := set $cfg "PROVENANCE_SERVICE_SIGNING_PKCS12" (printf "/etc/safety-plane/signing/%s" $signing.pkcs12Key) }}
{{- end }}
{{- if not (has $svc.timestamp.mode (list "none" "url")) }}
{{- fail "services.provenance-service.timestamp.mode must be none or url" }}
{{- end }}
{{- $_ := set $cfg "PROVENANCE_TIMESTAMP_MODE" $svc.timestamp.mode }}
{{- if eq $svc.timestamp.mode "url" }}
{{- $_ := set $cfg "PROVENANCE_SERVICE_TIMESTAMP_URL" (required "services.provenance-service.timestamp.url is required with mode url" $svc.timestamp.url) }}
{{- end }}
{{- if $svc.trust.existingConfigMap }}
{{- $anchors := list }}
{{- range $svc.trust.files }}
{{- $anchors = append $anchors (printf "/etc/safety-plane/trust/%s" .) }}
{{- end }}
{{- $_ := set $cfg "PROVENANCE_SERVICE_TRUST_ANCHORS" (join "," $anchors) }}
{{- end }}
{{- end }}
{{- if eq $name "enforcement-service" }}
{{- $pg := $svc.postgresql }}
{{- $query := "" }}
{{- if $pg.parameters }}
{{- $query = printf "?%s" $pg.parameters }}
{{- end }}
{{- $_ := set $cfg "PG_URL" (printf "postgresql://%s:%v/%s%s" (required "services.enforcement-service.postgresql.host is required" $pg.host) $pg.port $pg.database $query) }}
{{- $_ := set $cfg "PG_JDBC_URL" (printf "jdbc:postgresql://%s:%v/%s%s" $pg.host $pg.port $pg.database $query) }}
{{- $kek := $svc.evidence.kek }}
{{- if not (has $kek.active $kek.ids) }}
{{- fail "services.enforcement-service.evidence.kek.active must be one of evidence.kek.ids" }}
{{- end }}
{{- $_ := set $cfg "ENFORCEMENT_SERVICE_EVIDENCE_KEK_ACTIVE" $kek.active }}
{{- $tl := $svc.tipline }}
{{- $_ := set $cfg "ENFORCEMENT_SERVICE_TIPLINE_ENABLED" (toString $tl.enabled) }}
{{- $_ := set $cfg "ENFORCEMENT_SERVICE_TIPLINE_ENDPOINT" $tl.endpoint }}
{{- if $tl.xsd.existingConfigMap }}
{{- $_ := set $cfg "ENFORCEMENT_SERVICE_TIPLINE_XSD" (printf "/etc/safety-plane/tipline/%s" $tl.xsd.key) }}
{{- else if $tl.enabled }}
{{- fail "services.enforcement-service.tipline.xsd.existingConfigMap (NCMEC's cyber_tipline.xsd) is required when tipline.enabled" }}
{{- end }}
{{- if $tl.enabled }}
{{- $_ := required "services.enforcement-service.tipline.reporter.firstName is required when tipline.enabled" $tl.reporter.firstName }}
{{- $_ := required "services.enforcement-service.tipline.reporter.lastName is required when tipline.enabled" $tl.reporter.lastName }}
{{- $_ := required "services.enforcement-service.tipline.reporter.email is required when tipline.enabled" $tl.reporter.email }}
{{- end }}
{{- $reporter := dict "FIRST_NAME" $tl.reporter.firstName "LAST_NAME" $tl.reporter.lastName "EMAIL" $tl.reporter.email "PHONE" $tl.reporter.phone "COMPANY_TEMPLATE" $tl.reporter.companyTemplate "TERMS_OF_SERVICE" $tl.reporter.termsOfService "LEGAL_URL" $tl.reporter.legalUrl }}
{{- range $k, $v := $reporter }}
{{- if $v }}
{{- $_ := set $cfg (printf "ENFORCEMENT_SERVICE_TIPLINE_REPORTER_%s" $k) $v }}
{{- end }}
{{- end }}
{{- end }}
{{- range $k, $v := $root.Values.env }}
{{- $_ := set $cfg $k (toString $v) }}
{{- end }}
{{- range $k, $v := $svc.env }}
{{- $_ := set $cfg $k (toString $v) }}
{{- end }}
{{- range $k, $v := $cfg }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}

{{/* The env entries of one service that come from Secrets (secretKeyRef), plus extraEnv. */}}
{{- define "safety-plane.secretEnv" -}}
{{- $root := .root }}
{{- $name := .name }}
{{- $svc := index $root.Values.services $name }}
{{- if eq $name "enforcement-service" }}
{{- $pg := $svc.postgresql }}
- name: PG_USER
  valueFrom:
    secretKeyRef:
      name: {{ required "services.enforcement-service.postgresql.existingSecret is required" $pg.existingSecret }}
      key: {{ $pg.usernameKey }}
- name: PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ $pg.passwordKey }}
- name: ENFORCEMENT_SERVICE_REPORTER_KEY
  valueFrom:
    secretKeyRef:
      name: {{ required "services.enforcement-service.reporterKey.existingSecret is required" $svc.reporterKey.existingSecret }}
      key: {{ $svc.reporterKey.key }}
{{- $kek := $svc.evidence.kek }}
{{- range $kek.ids }}
{{- if not (regexMatch "^[a-z0-9]{1,64}$" .) }}
{{- fail (printf "evidence KEK id %q: use 1 to 64 lowercase letters and digits" .) }}
{{- end }}
- name: ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_{{ upper . }}
  valueFrom:
    secretKeyRef:
      name: {{ required "services.enforcement-service.evidence.kek.existingSecret is required" $kek.existingSecret }}
      key: {{ . }}
{{- end }}
{{- $tl := $svc.tipline }}
{{- if $tl.enabled }}
- name: ENFORCEMENT_SERVICE_TIPLINE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ required "services.enforcement-service.tipline.existingSecret is required when tipline.enabled" $tl.existingSecret }}
      key: {{ $tl.usernameKey }}
- name: ENFORCEMENT_SERVICE_TIPLINE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $tl.existingSecret }}
      key: {{ $tl.passwordKey }}
{{- end }}
{{- end }}
{{- if and (eq $name "provenance-service") (eq $svc.signing.source "pkcs12") }}
- name: PROVENANCE_SERVICE_SIGNING_PKCS12_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $svc.signing.existingSecret }}
      key: {{ $svc.signing.pkcs12PasswordKey }}
{{- end }}
{{- with $root.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- with $svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

package io.safetyplane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.safetyplane.contracts.Topics;

/** helm/safety-plane: linted, rendered with the default and the GPU values, and the rendering checked. */
class HelmChartTest {
    static final String RELEASE = "safety-plane";
    static final String NAMESPACE = "safety-plane";

    static final Plane plane = Plane.load();
    static final Path chart = plane.root().resolve("helm/safety-plane");

    /**
     * {@code helm template} with values files of the chart ({@code x.yaml}) and settings {@code a.b.c=<YAML value>},
     * which go into one more values file (so that lists like {@code [kek1, kek2]} stay lists).
     */
    static TemplateCommand template(String... values) {
        // the oldest Kubernetes the chart supports (Chart.yaml kubeVersion)
        TemplateCommand t = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("1.25.0");
        ObjectNode settings = Manifests.YAML.createObjectNode();
        for (String v : values) {
            if (v.endsWith(".yaml")) {
                t = t.withValuesFile(chart.resolve(v));
                continue;
            }
            String[] kv = v.split("=", 2);
            String[] path = kv[0].split("\\.");
            ObjectNode node = settings;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.with(path[i]);
            }
            try {
                JsonNode value = kv[1].isEmpty() ? Manifests.YAML.getNodeFactory().textNode("") : Manifests.YAML.readTree(kv[1]);
                node.set(path[path.length - 1], value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            Path file = Files.createTempFile("values", ".yaml");
            file.toFile().deleteOnExit();
            Manifests.YAML.writeValue(file.toFile(), settings);
            return t.withValuesFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Manifests render(String... values) {
        return Manifests.parse(template(values).call());
    }

    static void assertSound(Manifests m) {
        List<String> failures = ManifestChecks.check(m, plane, NAMESPACE);
        assertTrue(failures.isEmpty(), "the rendering breaks these rules:\n  " + String.join("\n  ", failures));
    }

    @Test
    void lintStrictPassesWithTheDefaultAndTheGpuValues(@TempDir Path tmp) throws IOException {
        LintResult defaults = new Helm(chart).lint().strict().call();
        assertFalse(defaults.isFailed(), () -> String.join("\n", defaults.getMessages()));

        // helm lint takes no values file here: lint a copy whose values.yaml has the GPU values merged in
        Path copy = tmp.resolve("safety-plane");
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(chart.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        ObjectNode values = (ObjectNode) Manifests.YAML.readTree(chart.resolve("values.yaml").toFile());
        merge(values, Manifests.YAML.readTree(chart.resolve("values-gpu.yaml").toFile()));
        Manifests.YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
        LintResult gpu = new Helm(copy).lint().strict().call();
        assertFalse(gpu.isFailed(), () -> String.join("\n", gpu.getMessages()));
    }

    /** Helm's coalescing of values: maps merge, anything else replaces. */
    static void merge(ObjectNode target, JsonNode overlay) {
        overlay.fields().forEachRemaining(e -> {
            if (target.get(e.getKey()) instanceof ObjectNode t && e.getValue().isObject()) {
                merge(t, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    @Test
    void theDefaultRenderingRunsThePlaneSafely() {
        Manifests m = render();
        assertSound(m);

        // the operator's Secrets are referenced, never rendered
        assertTrue(m.all(Secret.class).isEmpty());
        for (String service : Plane.NAMES) {
            Deployment d = m.deployment(service);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertTrue(m.all(ServiceAccount.class).stream().anyMatch(sa -> sa.getMetadata().getName().equals(pod.getServiceAccountName())),
                    service + " runs under a ServiceAccount the chart creates");
            assertTrue(m.all(PodDisruptionBudget.class).stream().anyMatch(p -> NetworkPolicies.matches(p.getSpec().getSelector(),
                    d.getSpec().getTemplate().getMetadata().getLabels())), service + " has a PodDisruptionBudget");
            HorizontalPodAutoscaler hpa = m.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(d.getMetadata().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no HorizontalPodAutoscaler"));
            assertNotNull(hpa.getSpec().getMinReplicas());
            assertEquals(null, d.getSpec().getReplicas(), "the autoscaler, not the Deployment, sets " + service + "'s replicas");
            assertNotNull(d.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config"),
                    "a changed ConfigMap rolls the pods");
        }
        assertEquals("cpu", m.environment(Manifests.container(m.deployment("classifier-service"), "classifier-service"))
                .get("SAFETYPLANE_CLASSIFIER_PROVIDER"));
        // the optional custom resources are off by default: a cluster without their operators installs the chart
        assertTrue(m.kind("KafkaTopic").isEmpty());
        assertTrue(m.kind("ServiceMonitor").isEmpty());
        assertTrue(m.kind("PrometheusRule").isEmpty());
    }

    /** The checks are not vacuous: each breakage below is named. */
    @Test
    void theChecksNameEveryBreakage() {
        Manifests m = render("securityContext.readOnlyRootFilesystem=false", "podSecurityContext.fsGroup=null",
                "probes.readiness.path=/q/health/live", "services.hash-service.calls=[]",
                "services.classifier-service.inference.provider=cuda", "services.provenance-service.port=9999",
                "services.filter-service.env={ENFORCMENT_HOST: elsewhere}", "services.hash-service.resources.limits=null",
                "terminationGracePeriodSeconds=15", "securityContext.readOnlyRootFileSystem=true");
        List<String> failures = ManifestChecks.check(m, plane, NAMESPACE);
        for (String expected : List.of(
                "filter-service: readOnlyRootFilesystem must be true",
                "provenance-service: Secret volume signing is mode 440: the non-root user reads it only with an fsGroup",
                "enforcement-service: readiness probe on /q/health/live, not /q/health/ready",
                "hash-service -> enforcement-service: refused, though the call is configured",
                "classifier-service: the CUDA image and the CUDA provider go together",
                "provenance-service: no container port http = 8084 (quarkus.http.port)",
                "filter-service: sets ENFORCMENT_HOST, which the service does not read",
                "hash-service: cpu request and limit are required",
                "classifier-service: terminationGracePeriodSeconds 15 leaves no room for quarkus.shutdown.timeout 20s",
                "Deployment safety-plane-hash-service: SecurityContext has no field readOnlyRootFileSystem")) {
            assertTrue(failures.stream().anyMatch(f -> f.startsWith(expected)), expected + " is not among\n  " + String.join("\n  ", failures));
        }
    }

    @Test
    void theGpuValuesPutTheClassifierOnGpuNodesWithCuda() {
        Manifests m = render("values-gpu.yaml");
        assertSound(m);

        Deployment classifier = m.deployment("classifier-service");
        PodSpec pod = classifier.getSpec().getTemplate().getSpec();
        Container c = Manifests.container(classifier, "classifier-service");
        assertEquals("1", c.getResources().getLimits().get("nvidia.com/gpu").getAmount());
        assertEquals("cuda", m.environment(c).get("SAFETYPLANE_CLASSIFIER_PROVIDER"));
        assertTrue(c.getImage().contains("/classifier-service-cuda:"), c.getImage());
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()) && "NoSchedule".equals(t.getEffect())));

        for (String service : Plane.NAMES) {
            if (!service.equals("classifier-service")) {
                Deployment d = m.deployment(service);
                assertFalse(Manifests.container(d, service).getResources().getLimits().containsKey("nvidia.com/gpu"), service);
                Map<String, String> nodeSelector = d.getSpec().getTemplate().getSpec().getNodeSelector();
                assertTrue(nodeSelector == null || nodeSelector.isEmpty(), service + " stays off the GPU nodes");
            }
        }
    }

    @Test
    void topicsMonitorsAndAlertsRenderWhenSwitchedOn() throws IOException {
        Manifests m = render("kafkaTopics.enabled=true", "serviceMonitor.enabled=true", "prometheusRules.enabled=true");
        assertSound(m);

        // a KafkaTopic for every topic of the contracts; the replicated state is compacted, the event streams are not
        Map<String, Map<?, ?>> topics = m.kind("KafkaTopic").stream().map(HelmChartTest::spec)
                .collect(Collectors.toMap(spec -> (String) spec.get("topicName"), spec -> spec));
        Set<String> compacted = Set.of(Topics.BANK_CHANGES, Topics.FILTER_POLICY_CHANGES);
        for (String topic : contractTopics()) {
            Map<?, ?> spec = topics.get(topic);
            assertNotNull(spec, "no KafkaTopic " + topic);
            assertEquals(compacted.contains(topic) ? "compact" : "delete", ((Map<?, ?>) spec.get("config")).get("cleanup.policy"), topic);
        }
        m.kind("KafkaTopic").forEach(t -> assertEquals("kafka", t.getMetadata().getLabels().get("strimzi.io/cluster")));

        // a ServiceMonitor scrapes each service's metrics through its Service's http port
        for (String service : Plane.NAMES) {
            io.fabric8.kubernetes.api.model.Service svc = m.servicesSelecting(m.deployment(service)).get(0);
            assertTrue(m.kind("ServiceMonitor").stream().anyMatch(sm -> {
                Map<?, ?> spec = spec(sm);
                Map<?, ?> selector = (Map<?, ?>) ((Map<?, ?>) spec.get("selector")).get("matchLabels");
                Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) spec.get("endpoints")).get(0);
                return svc.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())
                        && "http".equals(endpoint.get("port")) && "/q/metrics".equals(endpoint.get("path"));
            }), service + " is scraped");
        }

        // every metric of the plane an alert reads is one a service registers
        List<HasMetadata> rules = m.kind("PrometheusRule");
        assertEquals(1, rules.size());
        String expressions = Manifests.SERIALIZATION.asYaml(rules.get(0));
        Matcher metric = Pattern.compile("\\b((?:gate|hash|provenance|enforcement|filter|classifier)_[a-z_]+)\\{").matcher(expressions);
        Set<String> metrics = new TreeSet<>();
        while (metric.find()) {
            metrics.add(metric.group(1));
        }
        assertTrue(metrics.size() >= 5, "the alerts read the plane's own metrics: " + metrics);
        // and the runbook says what to do when each fires
        String runbook = Plane.read(plane.root().resolve("docs/operations.md"));
        Matcher alert = Pattern.compile("alert: \"?(\\w+)").matcher(expressions);
        int alerts = 0;
        while (alert.find()) {
            alerts++;
            assertTrue(runbook.contains("`" + alert.group(1) + "`"), "docs/operations.md does not name the alert " + alert.group(1));
        }
        assertTrue(alerts >= 10, alerts + " alerts");
        String sources = mainSources();
        for (String name : metrics) {
            String base = name.replaceAll("_(total|count|sum|bucket)$", "").replaceAll("_seconds$", "");
            assertTrue(sources.contains("\"" + base + "\"") || sources.contains("\"" + base + "_seconds\""),
                    "an alert reads " + name + ", which no service registers");
        }
    }

    /** The spec of a custom resource fabric8 has no class for. */
    static Map<?, ?> spec(HasMetadata resource) {
        return (Map<?, ?>) ((GenericKubernetesResource) resource).getAdditionalProperties().get("spec");
    }

    static Set<String> contractTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return topics;
    }

    static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String service : Plane.NAMES) {
            try (Stream<Path> files = Files.walk(plane.root().resolve(service).resolve("src/main/java"))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    @Test
    void reportingToNcmecNeedsItsSettingsAndMountsTheSchema() {
        IllegalStateException noSchema = assertThrows(IllegalStateException.class,
                () -> template("services.enforcement-service.tipline.enabled=true").call());
        assertTrue(noSchema.getMessage().contains("tipline.xsd.existingConfigMap"), noSchema.getMessage());

        IllegalStateException noReporter = assertThrows(IllegalStateException.class, () -> template(
                "services.enforcement-service.tipline.enabled=true",
                "services.enforcement-service.tipline.xsd.existingConfigMap=safety-plane-tipline-xsd").call());
        assertTrue(noReporter.getMessage().contains("tipline.reporter.firstName"), noReporter.getMessage());

        Manifests m = render(tiplineOn());
        assertSound(m);
        Map<String, String> env = m.environment(Manifests.container(m.deployment("enforcement-service"), "enforcement-service"));
        assertEquals("true", env.get("ENFORCEMENT_SERVICE_TIPLINE_ENABLED"));
        assertEquals("secret:safety-plane-tipline/username", env.get("ENFORCEMENT_SERVICE_TIPLINE_USERNAME"));
        assertEquals("secret:safety-plane-tipline/password", env.get("ENFORCEMENT_SERVICE_TIPLINE_PASSWORD"));
        assertEquals("/etc/safety-plane/tipline/cyber_tipline.xsd", env.get("ENFORCEMENT_SERVICE_TIPLINE_XSD"));
        assertEquals("Ada", env.get("ENFORCEMENT_SERVICE_TIPLINE_REPORTER_FIRST_NAME"));
    }

    static String[] tiplineOn() {
        return new String[] {"services.enforcement-service.tipline.enabled=true",
                "services.enforcement-service.tipline.xsd.existingConfigMap=safety-plane-tipline-xsd",
                "services.enforcement-service.tipline.reporter.firstName=Ada",
                "services.enforcement-service.tipline.reporter.lastName=Lovelace",
                "services.enforcement-service.tipline.reporter.email=tipline@example.com"};
    }

    @Test
    void unsafeOrIncompleteValuesFailAtRenderTime() {
        Map<String, String> refusals = Map.of(
                "services.enforcement-service.evidence.kek.active=k9", "evidence.kek.active must be one of",
                "services.enforcement-service.evidence.kek.ids=[KEK_1]", "use 1 to 64 lowercase letters and digits",
                "services.provenance-service.signing.source=dev", "signing.source must be pem or pkcs12",
                "services.provenance-service.timestamp.mode=url", "timestamp.url is required",
                "kafka.bootstrapServers=", "kafka.bootstrapServers is required",
                "services.filter-service.networkPolicy.egress=[dns, mail]", "which networkPolicy.egressRules lacks");
        refusals.forEach((value, reason) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> template(value).call(), value);
            assertTrue(e.getMessage().contains(reason), value + ": " + e.getMessage());
        });
    }

    @Test
    void theKeyEncryptionKeysComeFromTheSecretOnePerId() {
        Manifests m = render("services.enforcement-service.evidence.kek.ids=[kek1, kek2]",
                "services.enforcement-service.evidence.kek.active=kek2");
        assertSound(m);
        Map<String, String> env = m.environment(Manifests.container(m.deployment("enforcement-service"), "enforcement-service"));
        assertEquals("kek2", env.get("ENFORCEMENT_SERVICE_EVIDENCE_KEK_ACTIVE"));
        // KekEnvironmentTest (enforcement-service) shows these names reach enforcement-service.evidence.kek.keys.kek1/kek2
        assertEquals("secret:safety-plane-evidence-kek/kek1", env.get("ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_KEK1"));
        assertEquals("secret:safety-plane-evidence-kek/kek2", env.get("ENFORCEMENT_SERVICE_EVIDENCE_KEK_KEYS_KEK2"));
    }
}

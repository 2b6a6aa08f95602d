package io.safetyplane.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** k8s/: the dev and prod overlays rendered, checked like the chart, and in agreement with it. */
class KustomizeTest {
    static final Plane plane = HelmChartTest.plane;

    static Manifests overlay(String name) {
        return Kustomize.build(plane.root().resolve("k8s/overlays").resolve(name));
    }

    static void assertSound(Manifests m, String namespace) {
        List<String> failures = ManifestChecks.check(m, plane, namespace);
        assertTrue(failures.isEmpty(), "the overlay breaks these rules:\n  " + String.join("\n  ", failures));
        m.objects.forEach(o -> assertEquals(namespace, o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName()));
        assertTrue(m.all(Secret.class).isEmpty(), "the operator creates the Secrets");
    }

    @Test
    void theDevOverlayRunsOneSmallReplicaOfEachService() {
        Manifests m = overlay("dev");
        assertSound(m, "safety-plane-dev");
        for (String service : Plane.NAMES) {
            Deployment d = m.deployment(service);
            assertEquals(1, d.getSpec().getReplicas(), service);
            assertEquals("safety-plane", d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/part-of"));
        }
        Map<String, String> provenance = m.environment(Manifests.container(m.deployment("provenance-service"), "provenance-service"));
        assertEquals("dev", provenance.get("PROVENANCE_SIGNING_SOURCE"));
    }

    @Test
    void theProdOverlayScalesAndPutsTheClassifierOnGpuNodes() {
        Manifests m = overlay("prod");
        assertSound(m, "safety-plane");

        Deployment classifier = m.deployment("classifier-service");
        PodSpec pod = classifier.getSpec().getTemplate().getSpec();
        Container c = Manifests.container(classifier, "classifier-service");
        assertEquals("1", c.getResources().getLimits().get("nvidia.com/gpu").getAmount());
        assertEquals("cuda", m.environment(c).get("SAFETYPLANE_CLASSIFIER_PROVIDER"));
        assertEquals("safety-plane/classifier-service-cuda:" + plane.version(), c.getImage());
        assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"));
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())));

        for (HorizontalPodAutoscaler hpa : m.all(HorizontalPodAutoscaler.class)) {
            String target = hpa.getSpec().getScaleTargetRef().getName();
            assertTrue(m.all(Deployment.class).stream().anyMatch(d -> d.getMetadata().getName().equals(target)), target);
        }
        Map<String, String> enforcement = m.environment(Manifests.container(m.deployment("enforcement-service"), "enforcement-service"));
        assertEquals("true", enforcement.get("ENFORCEMENT_SERVICE_TIPLINE_ENABLED"));
        assertEquals("https://report.cybertip.org/ispws", enforcement.get("ENFORCEMENT_SERVICE_TIPLINE_ENDPOINT"));
    }

    /** The manifests and the chart read the same Secrets and keys, the same images, and serve on the same ports. */
    @Test
    void theManifestsAndTheChartAgree() {
        Manifests k8s = overlay("prod");
        Manifests chart = HelmChartTest.render(HelmChartTest.tiplineOn());
        assertEquals(secretKeys(chart), secretKeys(k8s));
        for (String service : Plane.NAMES) {
            Container a = Manifests.container(chart.deployment(service), service);
            Container b = Manifests.container(k8s.deployment(service), service);
            assertEquals(a.getImage().replace("classifier-service-cuda", "classifier-service"),
                    b.getImage().replace("classifier-service-cuda", "classifier-service"), service);
            assertEquals(ports(chart, service), ports(k8s, service), service);
            assertEquals(a.getReadinessProbe().getHttpGet().getPath(), b.getReadinessProbe().getHttpGet().getPath());
            assertEquals(a.getStartupProbe().getHttpGet().getPath(), b.getStartupProbe().getHttpGet().getPath());
        }
    }

    /** Every (Secret, key) the pods read, from env and from volumes; KEK keys beyond the first are rotation spares. */
    static Set<String> secretKeys(Manifests m) {
        Set<String> keys = new TreeSet<>();
        for (String service : Plane.NAMES) {
            Deployment d = m.deployment(service);
            m.environment(Manifests.container(d, service)).values().stream()
                    .filter(v -> v != null && v.startsWith("secret:") && !v.matches("secret:.*/kek[2-9]"))
                    .forEach(keys::add);
            for (Volume v : Objects.requireNonNullElse(d.getSpec().getTemplate().getSpec().getVolumes(), List.<Volume>of())) {
                if (v.getSecret() != null) {
                    Objects.requireNonNullElse(v.getSecret().getItems(), List.<io.fabric8.kubernetes.api.model.KeyToPath>of())
                            .forEach(i -> keys.add("secret:" + v.getSecret().getSecretName() + "/" + i.getKey()));
                    if (v.getSecret().getItems() == null || v.getSecret().getItems().isEmpty()) {
                        keys.add("secret:" + v.getSecret().getSecretName() + "/*");
                    }
                }
            }
        }
        return keys;
    }

    static Set<String> ports(Manifests m, String service) {
        Set<String> ports = new TreeSet<>();
        m.servicesSelecting(m.deployment(service)).get(0).getSpec().getPorts().forEach(p -> ports.add(p.getName() + ":" + p.getPort()));
        return ports;
    }
}

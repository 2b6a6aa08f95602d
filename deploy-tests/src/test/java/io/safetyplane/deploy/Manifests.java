package io.safetyplane.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Rendered Kubernetes objects, parsed into fabric8's model, and the lookups the checks need. */
final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Plain YAML trees: values files, kustomizations and patches. */
    static final ObjectMapper YAML = new YAMLMapper();

    final List<HasMetadata> objects;

    Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Parses a multi-document YAML stream; empty documents (a template that rendered nothing) are skipped. */
    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            KubernetesResource resource = SERIALIZATION.unmarshal(document);
            if (!(resource instanceof HasMetadata object)) {
                throw new IllegalArgumentException("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return new Manifests(objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Objects of a kind given by name, for the kinds fabric8 has no class for (KafkaTopic, ServiceMonitor, ...). */
    List<HasMetadata> kind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The one Deployment whose container is named after the service. */
    Deployment deployment(String service) {
        List<Deployment> found = all(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> c.getName().equals(service)))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " Deployments run a container " + service);
        }
        return found.get(0);
    }

    static Container container(Deployment d, String service) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(service)).findFirst().orElseThrow();
    }

    /** The Services whose selector picks this Deployment's pods. */
    List<Service> servicesSelecting(Deployment d) {
        Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
        return all(Service.class).stream()
                .filter(s -> s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
                        && labels.entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                .toList();
    }

    /** The keys of the ConfigMaps that more than one container takes its environment from. */
    Set<String> sharedConfigMapKeys() {
        Map<String, Integer> uses = new HashMap<>();
        all(Deployment.class).forEach(d -> d.getSpec().getTemplate().getSpec().getContainers().forEach(c ->
                Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of()).stream()
                        .filter(f -> f.getConfigMapRef() != null)
                        .forEach(f -> uses.merge(f.getConfigMapRef().getName(), 1, Integer::sum))));
        Set<String> keys = new HashSet<>();
        uses.forEach((name, n) -> {
            if (n > 1) {
                keys.addAll(configMap(name).getData().keySet());
            }
        });
        return keys;
    }

    ConfigMap configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    /**
     * The container's environment as the kubelet builds it: envFrom ConfigMaps in order, then env; a value from a
     * Secret reads {@code secret:<name>/<key>}.
     */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
                configMap(from.getConfigMapRef().getName()).getData().forEach((k, v) -> env.put(prefix + k, v));
            } else if (from.getSecretRef() != null) {
                throw new AssertionError(c.getName() + ": envFrom a whole Secret hides which keys it reads");
            }
        }
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                env.put(e.getName(), "secret:" + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey());
            } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(e.getName(), configMap(e.getValueFrom().getConfigMapKeyRef().getName()).getData()
                        .get(e.getValueFrom().getConfigMapKeyRef().getKey()));
            } else {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }
}

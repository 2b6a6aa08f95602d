package io.safetyplane.deploy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

import io.safetyplane.deploy.NetworkPolicies.Peer;

/**
 * What every rendering of the plane (the chart with any values, a kustomize overlay) must satisfy. Each check adds
 * to a list of failures, so one run names every problem.
 */
final class ManifestChecks {
    /** The cluster the checks assume: the peers the chart's default values and the manifests name. */
    static final Peer PROMETHEUS = Peer.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.1.0.10");
    static final Peer PLATFORM_API = Peer.pod("platform-api", Map.of("app.kubernetes.io/name", "platform-api"), "10.1.0.20");
    static final Peer KAFKA = Peer.pod("kafka", Map.of("strimzi.io/cluster", "kafka", "strimzi.io/kind", "Kafka"), "10.1.0.30");
    static final Peer POSTGRESQL = Peer.pod("postgresql", Map.of("app", "postgresql"), "10.1.0.40");
    static final Peer DNS = Peer.pod("kube-system", Map.of("k8s-app", "kube-dns"), "10.1.0.2");
    /** An address on the internet: NCMEC's reporting host, tenants' webhooks. */
    static final Peer INTERNET = Peer.address("203.0.113.7");

    private static final Pattern IMAGE = Pattern.compile("(?:.+/)?(?<name>[a-z0-9-]+):(?<tag>[A-Za-z0-9._-]+)");

    private final Manifests m;
    private final Plane plane;
    private final String namespace;
    private final List<String> failures = new ArrayList<>();

    private ManifestChecks(Manifests m, Plane plane, String namespace) {
        this.m = m;
        this.plane = plane;
        this.namespace = namespace;
    }

    /** Runs every check; the failures, empty when the rendering is sound. */
    static List<String> check(Manifests m, Plane plane, String namespace) {
        ManifestChecks c = new ManifestChecks(m, plane, namespace);
        for (Plane.Service s : plane.services().values()) {
            c.deployment(s);
        }
        c.services();
        c.calls();
        c.networkPolicies();
        m.objects.forEach(c::knownFields);
        return c.failures;
    }

    /**
     * Fields the Kubernetes API does not define (a misspelt {@code readOnlyRootFileSystem}, say) land in fabric8's
     * additional properties, where the API server would refuse or drop them; custom resources are not checked.
     */
    private void knownFields(HasMetadata object) {
        if (!(object instanceof GenericKubernetesResource)) {
            knownFields(object.getKind() + " " + object.getMetadata().getName(), object);
        }
    }

    private void knownFields(String where, Object node) {
        if (node instanceof List<?> list) {
            list.forEach(item -> knownFields(where, item));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> knownFields(where, value));
            return;
        }
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(field -> fail("%s: %s has no field %s", where,
                            node.getClass().getSimpleName(), field));
                } else {
                    knownFields(where, value);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void fail(String format, Object... args) {
        failures.add(String.format(format, args));
    }

    private void deployment(Plane.Service s) {
        Deployment d = m.deployment(s.name());
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = Manifests.container(d, s.name());
        String who = s.name();

        java.util.regex.Matcher image = IMAGE.matcher(Objects.requireNonNullElse(c.getImage(), ""));
        boolean imageMatches = image.matches();
        if (!imageMatches || !Set.of(s.name(), s.name() + "-cuda").contains(image.group("name"))
                || !image.group("tag").equals(plane.version())) {
            fail("%s: image %s is not <registry>/%s[-cuda]:%s", who, c.getImage(), s.name(), plane.version());
        }
        boolean cudaImage = imageMatches && image.group("name").endsWith("-cuda");
        Map<String, String> env = m.environment(c);
        boolean cudaProvider = "cuda".equals(env.get("SAFETYPLANE_CLASSIFIER_PROVIDER"));
        if (cudaImage != cudaProvider) {
            fail("%s: the CUDA image and the CUDA provider go together (image %s, provider %s)", who, c.getImage(),
                    env.get("SAFETYPLANE_CLASSIFIER_PROVIDER"));
        }

        List<ContainerPort> ports = Objects.requireNonNullElse(c.getPorts(), List.of());
        if (ports.stream().noneMatch(p -> "http".equals(p.getName()) && p.getContainerPort() == s.port())) {
            fail("%s: no container port http = %d (quarkus.http.port)", who, s.port());
        }
        if (!s.exposedPorts().keySet().containsAll(List.of("Dockerfile.jvm", "Dockerfile.native"))) {
            fail("%s: needs src/main/docker/Dockerfile.jvm and Dockerfile.native", who);
        }
        s.exposedPorts().forEach((file, exposed) -> {
            if (exposed != s.port()) {
                fail("%s: %s exposes %d, quarkus.http.port is %d", who, file, exposed, s.port());
            }
        });

        probe(who, c, "liveness", c.getLivenessProbe(), "/q/health/live", s.port());
        probe(who, c, "readiness", c.getReadinessProbe(), "/q/health/ready", s.port());
        if (c.getStartupProbe() != null) {
            probe(who, c, "startup", c.getStartupProbe(), "/q/health/started", s.port());
        }

        resources(who, c.getResources());
        security(who, pod, c);

        long grace = Objects.requireNonNullElse(pod.getTerminationGracePeriodSeconds(), 30L);
        if (grace <= s.shutdownSeconds()) {
            fail("%s: terminationGracePeriodSeconds %d leaves no room for quarkus.shutdown.timeout %ds", who, grace, s.shutdownSeconds());
        }
        if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
            fail("%s: the pods call no Kubernetes API: automountServiceAccountToken must be false", who);
        }

        Set<String> volumes = new HashSet<>();
        Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of()).forEach(v -> volumes.add(v.getName()));
        List<VolumeMount> mounts = Objects.requireNonNullElse(c.getVolumeMounts(), List.of());
        mounts.stream().filter(v -> !volumes.contains(v.getName()))
                .forEach(v -> fail("%s: mount %s names no volume", who, v.getName()));
        boolean fsGroup = pod.getSecurityContext() != null && pod.getSecurityContext().getFsGroup() != null;
        Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of()).stream()
                .filter(v -> v.getSecret() != null && v.getSecret().getDefaultMode() != null
                        && (v.getSecret().getDefaultMode() & 04) == 0 && !fsGroup)
                .forEach(v -> fail("%s: Secret volume %s is mode %o: the non-root user reads it only with an fsGroup", who,
                        v.getName(), v.getSecret().getDefaultMode()));
        if (mounts.stream().noneMatch(v -> "/tmp".equals(v.getMountPath()))) {
            fail("%s: a read-only root filesystem needs a writable /tmp", who);
        }

        // a ConfigMap several services share may hold settings for some of them only
        Set<String> shared = m.sharedConfigMapKeys();
        env.keySet().stream()
                .filter(e -> !s.reads(e) && !(shared.contains(e) && plane.services().values().stream().anyMatch(o -> o.reads(e))))
                .forEach(e -> fail("%s: sets %s, which the service does not read", who, e));
    }

    private void probe(String who, Container c, String kind, Probe probe, String path, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            fail("%s: no HTTP %s probe", who, kind);
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            fail("%s: %s probe on %s, not %s", who, kind, probe.getHttpGet().getPath(), path);
        }
        if (containerPort(c, probe.getHttpGet().getPort()) != port) {
            fail("%s: %s probe port %s is not %d", who, kind, text(probe.getHttpGet().getPort()), port);
        }
    }

    /** A numbered or named container port; -1 when the name is not declared. */
    private static int containerPort(Container c, IntOrString port) {
        if (port == null) {
            return -1;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream()
                .filter(p -> port.getStrVal().equals(p.getName())).mapToInt(ContainerPort::getContainerPort)
                .findFirst().orElse(-1);
    }

    private static String text(IntOrString port) {
        return port == null ? "nothing" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private void resources(String who, ResourceRequirements r) {
        if (r == null || r.getRequests() == null || r.getLimits() == null) {
            fail("%s: requests and limits are required", who);
            return;
        }
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = r.getRequests().get(resource);
            Quantity limit = r.getLimits().get(resource);
            if (request == null || limit == null) {
                fail("%s: %s request and limit are required", who, resource);
            } else if (request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
                fail("%s: %s request %s exceeds its limit %s", who, resource, request, limit);
            }
        }
        Quantity gpuRequest = r.getRequests().get("nvidia.com/gpu");
        Quantity gpuLimit = r.getLimits().get("nvidia.com/gpu");
        if (gpuRequest != null && (gpuLimit == null || gpuRequest.getNumericalAmount().compareTo(gpuLimit.getNumericalAmount()) != 0)) {
            fail("%s: a GPU request must equal its limit", who);
        }
    }

    private void security(String who, PodSpec pod, Container c) {
        SecurityContext sc = c.getSecurityContext();
        PodSecurityContext psc = pod.getSecurityContext();
        if (sc == null) {
            fail("%s: no container securityContext", who);
            return;
        }
        boolean nonRoot = Boolean.TRUE.equals(sc.getRunAsNonRoot())
                || (sc.getRunAsNonRoot() == null && psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot()));
        if (!nonRoot) {
            fail("%s: runAsNonRoot must be true", who);
        }
        Long uid = sc.getRunAsUser() != null ? sc.getRunAsUser() : psc == null ? null : psc.getRunAsUser();
        if (uid != null && uid == 0) {
            fail("%s: runs as uid 0", who);
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            fail("%s: readOnlyRootFilesystem must be true", who);
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            fail("%s: allowPrivilegeEscalation must be false", who);
        }
        if (sc.getCapabilities() == null || !List.of("ALL").equals(sc.getCapabilities().getDrop())
                || (sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty())) {
            fail("%s: capabilities must drop ALL and add none", who);
        }
        boolean seccomp = (sc.getSeccompProfile() != null && "RuntimeDefault".equals(sc.getSeccompProfile().getType()))
                || (psc != null && psc.getSeccompProfile() != null && "RuntimeDefault".equals(psc.getSeccompProfile().getType()));
        if (!seccomp) {
            fail("%s: seccompProfile RuntimeDefault is required", who);
        }
    }

    /** Every Service selects the pods of exactly one service and targets its HTTP port; each service has one. */
    private void services() {
        Map<Service, Integer> selected = new HashMap<>();
        for (Plane.Service s : plane.services().values()) {
            Deployment d = m.deployment(s.name());
            List<Service> services = m.servicesSelecting(d);
            if (services.size() != 1) {
                fail("%s: %d Services select its pods", s.name(), services.size());
                continue;
            }
            Service svc = services.get(0);
            selected.merge(svc, 1, Integer::sum);
            Container c = Manifests.container(d, s.name());
            for (String name : List.of("http", "grpc")) {
                ServicePort port = port(svc, name);
                if (port == null) {
                    fail("%s: Service %s has no port %s", s.name(), svc.getMetadata().getName(), name);
                } else if (containerPort(c, port.getTargetPort()) != s.port()) {
                    fail("%s: Service port %s targets %s, not the container's port %d", s.name(), name, text(port.getTargetPort()), s.port());
                }
            }
            ServicePort grpc = port(svc, "grpc");
            if (grpc != null && !Set.of("grpc", "kubernetes.io/h2c").contains(grpc.getAppProtocol())) {
                fail("%s: the grpc port's appProtocol %s is neither grpc nor kubernetes.io/h2c", s.name(), grpc.getAppProtocol());
            }
        }
        for (Service svc : m.all(Service.class)) {
            if (!selected.containsKey(svc)) {
                fail("Service %s selects no pod of the plane", svc.getMetadata().getName());
            }
        }
    }

    private static ServicePort port(Service svc, String name) {
        return svc.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    /** Each gRPC client of a service is configured with the callee's Service name and gRPC port. */
    private void calls() {
        for (Map.Entry<String, Plane.Call> e : plane.calls()) {
            Plane.Call call = e.getValue();
            Map<String, String> env = m.environment(Manifests.container(m.deployment(e.getKey()), e.getKey()));
            Service callee = m.servicesSelecting(m.deployment(call.callee())).get(0);
            ServicePort grpc = port(callee, "grpc");
            if (!callee.getMetadata().getName().equals(env.get(call.hostEnv()))) {
                fail("%s: %s is %s, not the %s's Service %s", e.getKey(), call.hostEnv(), env.get(call.hostEnv()),
                        call.callee(), callee.getMetadata().getName());
            }
            if (grpc == null || !String.valueOf(grpc.getPort()).equals(env.get(call.portEnv()))) {
                fail("%s: %s is %s, not the %s's gRPC Service port", e.getKey(), call.portEnv(), env.get(call.portEnv()), call.callee());
            }
        }
    }

    /**
     * The NetworkPolicies admit the calls the services' configuration makes, Prometheus, the platform API to the two
     * gates, Kafka, DNS, PostgreSQL and the internet (NCMEC, webhooks) for the enforcement-service; and nothing else
     * between the plane's services.
     */
    private void networkPolicies() {
        List<NetworkPolicy> list = m.all(NetworkPolicy.class);
        if (list.isEmpty()) {
            fail("no NetworkPolicy");
            return;
        }
        NetworkPolicies policies = new NetworkPolicies(list, namespace);
        Map<String, Peer> pods = new HashMap<>();
        int ip = 100;
        for (Plane.Service s : plane.services().values()) {
            pods.put(s.name(), Peer.pod(namespace, m.deployment(s.name()).getSpec().getTemplate().getMetadata().getLabels(), "10.2.0." + ip++));
        }
        Set<String> needed = new HashSet<>();
        plane.calls().forEach(e -> needed.add(e.getKey() + ">" + e.getValue().callee()));
        for (Plane.Service from : plane.services().values()) {
            for (Plane.Service to : plane.services().values()) {
                boolean admitted = policies.admits(pods.get(from.name()), pods.get(to.name()), to.port(), "TCP");
                boolean need = needed.contains(from.name() + ">" + to.name());
                if (admitted != need) {
                    fail("%s -> %s: %s, though the %s", from.name(), to.name(), admitted ? "admitted" : "refused",
                            need ? "call is configured" : "services' configuration makes no such call");
                }
            }
            Peer pod = pods.get(from.name());
            expect(policies, PROMETHEUS, pod, from.port(), true, "Prometheus scraping " + from.name());
            expect(policies, pod, KAFKA, 9092, true, from.name() + " -> Kafka");
            expect(policies, pod, DNS, 53, true, from.name() + " -> DNS");
            boolean enforcement = from.name().equals("enforcement-service");
            expect(policies, pod, POSTGRESQL, 5432, enforcement, from.name() + " -> PostgreSQL");
            expect(policies, pod, INTERNET, 443, enforcement, from.name() + " -> the internet");
            boolean gate = Set.of("filter-service", "provenance-service").contains(from.name());
            expect(policies, PLATFORM_API, pod, from.port(), gate, "the platform API -> " + from.name());
        }
    }

    private void expect(NetworkPolicies policies, Peer from, Peer to, int port, boolean admitted, String what) {
        String protocol = port == 53 ? "UDP" : "TCP";
        if (policies.admits(from, to, port, protocol) != admitted) {
            fail("%s on %d/%s: %s", what, port, protocol, admitted ? "refused" : "admitted, though nothing needs it");
        }
    }
}

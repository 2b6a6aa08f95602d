package io.safetyplane.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Kubernetes NetworkPolicy semantics, enough to ask whether a connection is admitted: a pod no policy selects for a
 * direction is open in that direction; a selected pod admits what any rule of any selecting policy allows; a
 * connection needs the caller's egress and the callee's ingress.
 */
final class NetworkPolicies {
    /** One end of a connection: a pod (its namespace and labels, the namespace's labels) or an address. */
    record Peer(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels, String ip) {
        static Peer pod(String namespace, Map<String, String> labels, String ip) {
            return new Peer(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, ip);
        }

        static Peer address(String ip) {
            return new Peer(null, Map.of(), Map.of(), ip);
        }
    }

    private final List<NetworkPolicy> policies;
    private final String namespace;

    /** The policies of one namespace (the plane's). */
    NetworkPolicies(List<NetworkPolicy> policies, String namespace) {
        this.policies = policies;
        this.namespace = namespace;
    }

    /** Whether {@code from} may open a connection to {@code to} on this port and protocol. */
    boolean admits(Peer from, Peer to, int port, String protocol) {
        return egress(from, to, port, protocol) && ingress(from, to, port, protocol);
    }

    boolean egress(Peer from, Peer to, int port, String protocol) {
        if (!namespace.equals(from.namespace())) {
            return true; // another namespace's policies are not ours to check
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> types(p).contains("Egress") && matches(p.getSpec().getPodSelector(), from.labels()))
                .toList();
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peers(rule.getTo(), to) && ports(rule.getPorts(), port, protocol));
    }

    boolean ingress(Peer from, Peer to, int port, String protocol) {
        if (!namespace.equals(to.namespace())) {
            return true;
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> types(p).contains("Ingress") && matches(p.getSpec().getPodSelector(), to.labels()))
                .toList();
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peers(rule.getFrom(), from) && ports(rule.getPorts(), port, protocol));
    }

    private static List<String> types(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        if (types == null || types.isEmpty()) { // the API's default: Ingress, and Egress when egress rules exist
            return p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
        }
        return types;
    }

    /** An empty or absent peer list admits everyone. */
    private boolean peers(List<NetworkPolicyPeer> peers, Peer peer) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(p -> peer(p, peer));
    }

    private boolean peer(NetworkPolicyPeer p, Peer peer) {
        if (p.getIpBlock() != null) {
            IPBlock block = p.getIpBlock();
            return peer.ip() != null && inCidr(peer.ip(), block.getCidr())
                    && (block.getExcept() == null || block.getExcept().stream().noneMatch(e -> inCidr(peer.ip(), e)));
        }
        if (peer.namespace() == null) {
            return false; // a pod selector never selects a bare address
        }
        boolean namespaceMatches = p.getNamespaceSelector() == null
                ? namespace.equals(peer.namespace())
                : matches(p.getNamespaceSelector(), peer.namespaceLabels());
        return namespaceMatches && (p.getPodSelector() == null || matches(p.getPodSelector(), peer.labels()));
    }

    private static boolean ports(List<NetworkPolicyPort> ports, int port, String protocol) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p ->
                Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)
                        && (p.getPort() == null || (p.getPort().getIntVal() != null
                        && (p.getEndPort() == null
                        ? p.getPort().getIntVal() == port
                        : p.getPort().getIntVal() <= port && port <= p.getEndPort()))));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> required = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        boolean all = required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        List<LabelSelectorRequirement> expressions = Objects.requireNonNullElse(selector.getMatchExpressions(), List.of());
        return all && expressions.stream().allMatch(x -> switch (x.getOperator()) {
            case "In" -> x.getValues().contains(labels.get(x.getKey()));
            case "NotIn" -> !x.getValues().contains(labels.get(x.getKey()));
            case "Exists" -> labels.containsKey(x.getKey());
            case "DoesNotExist" -> !labels.containsKey(x.getKey());
            default -> throw new IllegalArgumentException("label selector operator " + x.getOperator());
        });
    }

    static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bits;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + cidr, e);
        }
    }
}

package io.safetyplane.filter.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.safetyplane.filter.policy.TenantPolicies;
import io.safetyplane.filter.replication.PolicyReplica;
import jakarta.enterprise.context.ApplicationScoped;

/** Ready only once every tenant policy that existed at start-up has been read and compiled. */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {
    private final PolicyReplica replica;
    private final TenantPolicies policies;

    public PolicyReadiness(PolicyReplica replica, TenantPolicies policies) {
        this.replica = replica;
        this.policies = policies;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("tenant-policies")
                .status(replica.caughtUp())
                .withData("topic", replica.topic())
                .withData("lagRecords", replica.lag())
                .withData("policyVersion", policies.engine().policyVersion());
        if (replica.caughtUp()) {
            b.withData("tenants", policies.size()).withData("invalidTenants", policies.invalid());
        }
        replica.failure().ifPresent(f -> b.withData("failure", f));
        return b.build();
    }
}

package io.safetyplane.filter.service;

import io.safetyplane.filter.config.FilterServiceConfig;
import io.safetyplane.filter.engine.PromptFilter;
import io.safetyplane.filter.policy.TenantPolicies;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain-Java core of the service, as CDI beans. */
public class Beans {

    @Produces
    @Singleton
    PromptFilter promptFilter(FilterServiceConfig config) {
        return PromptFilter.standard(config.maxPromptChars());
    }

    @Produces
    @Singleton
    TenantPolicies tenantPolicies(PromptFilter filter) {
        return new TenantPolicies(filter);
    }
}

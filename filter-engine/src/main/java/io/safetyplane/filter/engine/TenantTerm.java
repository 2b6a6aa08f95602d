package io.safetyplane.filter.engine;

/** A term on a tenant's deny list and the category a hit on it counts towards. */
public record TenantTerm(String term, Category category) {
}

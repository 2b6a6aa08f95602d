package io.safetyplane.hash.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.safetyplane.hash.service.HashMatching;
import io.safetyplane.service.rest.Problems;
import jakarta.ws.rs.core.Response;

/** The hash-service's own exceptions as problem+json; the shared mappers of {@code service-support} do the rest. */
public class HashProblemMappers {

    @ServerExceptionMapper
    public Response notReady(HashMatching.IndexNotReadyException e) {
        return Response.fromResponse(Problems.response(503, "index-not-ready", "Index not ready", e.getMessage()))
                .header("Retry-After", "5").build();
    }
}

package io.safetyplane.classifier.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.safetyplane.classifier.inference.BatchRejectedException;
import io.safetyplane.classifier.service.Classifications;
import io.safetyplane.service.Failure;
import io.safetyplane.service.rest.Problems;
import jakarta.ws.rs.core.Response;

/** The classifier-service's own exceptions as problem+json; the shared mappers of {@code service-support} do the rest. */
public class ClassifierProblemMappers {
    private final Classifications classifications;

    public ClassifierProblemMappers(Classifications classifications) {
        this.classifications = classifications;
    }

    /** A full queue is 429 with Retry-After (the shared failure kinds have no 429); shutting down is 503. */
    @ServerExceptionMapper
    public Response rejected(BatchRejectedException e) {
        int retry = classifications.retryAfterSeconds();
        Failure f = io.safetyplane.classifier.service.ClassifierFailures.rejected(e, retry);
        int status = e.reason() == BatchRejectedException.Reason.QUEUE_FULL ? 429 : 503;
        return Response.fromResponse(Problems.response(status, f.type(), f.title(), f.getMessage(), f.extensions()))
                .header("Retry-After", String.valueOf(retry)).build();
    }
}

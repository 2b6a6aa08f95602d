package io.safetyplane.service.rest;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.safetyplane.service.Failure;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Every error leaves a service's REST API as problem+json; nothing escapes as a bare 500. A service
 * adds mappers of its own exceptions beside these.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response failure(Failure f) {
        Response r = Problems.response(f.kind().httpStatus, f.type(), f.title(), f.getMessage(), f.extensions());
        return f.kind() == Failure.Kind.UNAVAILABLE || f.kind() == Failure.Kind.TOO_MANY_REQUESTS
                ? Response.fromResponse(r).header("Retry-After", String.valueOf(f.retryAfterSeconds())).build()
                : r;
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problems.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<String> errors = e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().toList();
        return Problems.response(400, "invalid-request", "Invalid request", String.join("; ", errors), Map.of("errors", errors));
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(Problems.response(401, "unauthenticated", "Unauthenticated",
                "a valid bearer token is required")).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(403, "forbidden", "Forbidden", "the token lacks the role this operation requires");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException j) {
                return json(j);
            }
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "request-too-large";
            case 415 -> "unsupported-content-type";
            default -> status >= 500 ? "internal-error" : "bad-request";
        };
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problems.response(status, slug, title, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return Problems.response(500, "internal-error", "Internal error", "the request failed unexpectedly; it was logged");
    }
}

package io.safetyplane.service.grpc;

import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.safetyplane.service.Failure;

/**
 * A {@link Failure} as a gRPC status: the code its kind maps to, a description that starts with the
 * problem type ({@code "unknown-tenant: ..."}, as the REST problem's slug), and a
 * {@code google.rpc.ErrorInfo} detail whose reason is the type in upper snake case, with the
 * problem's scalar members as metadata.
 */
public final class GrpcFailures {
    public static final String DOMAIN = "safety-plane";

    private GrpcFailures() {
    }

    public static Status.Code code(Failure.Kind kind) {
        return switch (kind) {
            case INVALID, UNSUPPORTED -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case CONFLICT -> Status.Code.ALREADY_EXISTS;
            case PRECONDITION_FAILED, UNPROCESSABLE -> Status.Code.FAILED_PRECONDITION;
            case TOO_LARGE, TOO_MANY_REQUESTS -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
        };
    }

    public static StatusRuntimeException status(Failure f) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder()
                .setReason(f.type().toUpperCase(Locale.ROOT).replace('-', '_'))
                .setDomain(DOMAIN)
                .putMetadata("type", f.type());
        for (Map.Entry<String, Object> e : f.extensions().entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                info.putMetadata(e.getKey(), String.valueOf(v));
            }
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.forNumber(code(f.kind()).value()).getNumber())
                .setMessage(f.type() + ": " + f.getMessage())
                .addDetails(Any.pack(info.build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}

package io.safetyplane.filter.client;

import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.safetyplane.service.Failure;
import io.safetyplane.service.Failure.Kind;

/**
 * A downstream call's failure as a {@link Call}: what is the request's fault (an image the downstream will not read,
 * too large, corrupt) becomes the same client error here, with the downstream's problem type and detail; everything
 * else (down, deadline exceeded, overloaded, an internal error) means the check could not be done.
 */
public final class DownstreamFailures {
    private static final Logger LOG = Logger.getLogger(DownstreamFailures.class);

    private static final Set<String> UNSUPPORTED = Set.of("unsupported-media", "no-video-track", "unsupported-video-codec");
    private static final Set<String> TOO_LARGE = Set.of("media-too-large");
    private static final Set<String> UNPROCESSABLE = Set.of("image-too-many-pixels", "corrupt-media", "decode-timeout",
            "video-too-many-pixels", "video-too-long", "video-too-many-frames");

    private DownstreamFailures() {
    }

    /**
     * @param check the gate's name of the check ("standing", "hash", "classifier")
     * @param service the downstream service, for the detail
     */
    public static <T> Call<T> of(String check, String service, Throwable t) {
        if (!(t instanceof StatusRuntimeException e)) {
            LOG.errorf(t, "the %s check failed unexpectedly", check);
            return Call.unavailable(service + " failed unexpectedly: " + t);
        }
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        String type = typeOf(e, description);
        String detail = type != null && description.startsWith(type + ": ") ? description.substring(type.length() + 2) : description;
        Kind kind = switch (code) {
            case INVALID_ARGUMENT -> kindOf(type, Kind.INVALID);
            case FAILED_PRECONDITION, OUT_OF_RANGE -> kindOf(type, Kind.UNPROCESSABLE);
            // a size limit is the request's fault; any other exhaustion is the downstream's load
            case RESOURCE_EXHAUSTED -> type != null && TOO_LARGE.contains(type) ? Kind.TOO_LARGE : null;
            default -> null;
        };
        if (kind == null) {
            return Call.unavailable(service + " " + code + (description.isEmpty() ? "" : ": " + description));
        }
        String slug = type == null ? "image-refused" : type;
        return Call.refused(new Failure(kind, slug, "Refused by the " + service, service + ": " + detail,
                Map.of("check", check)));
    }

    private static Kind kindOf(String type, Kind fallback) {
        if (type == null) {
            return fallback;
        }
        if (UNSUPPORTED.contains(type)) {
            return Kind.UNSUPPORTED;
        }
        if (TOO_LARGE.contains(type)) {
            return Kind.TOO_LARGE;
        }
        if (UNPROCESSABLE.contains(type)) {
            return Kind.UNPROCESSABLE;
        }
        return fallback;
    }

    /** The problem type the plane's services put in the ErrorInfo, or at the start of the description. */
    private static String typeOf(StatusRuntimeException e, String description) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status != null) {
            for (com.google.protobuf.Any any : status.getDetailsList()) {
                if (any.is(ErrorInfo.class)) {
                    try {
                        String type = any.unpack(ErrorInfo.class).getMetadataOrDefault("type", "");
                        if (!type.isEmpty()) {
                            return type;
                        }
                    } catch (InvalidProtocolBufferException ignored) {
                        // fall back to the description
                    }
                }
            }
        }
        int colon = description.indexOf(": ");
        if (colon > 0 && description.substring(0, colon).matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            return description.substring(0, colon);
        }
        return null;
    }
}

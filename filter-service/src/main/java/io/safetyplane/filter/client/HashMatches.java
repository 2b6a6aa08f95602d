package io.safetyplane.filter.client;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.quarkus.grpc.GrpcClient;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.contracts.hash.v1.Media;
import io.safetyplane.contracts.hash.v1.MatchRequest;
import io.safetyplane.contracts.hash.v1.MatchResponse;
import io.safetyplane.contracts.hash.v1.MutinyHashMatcherGrpc;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hash matches of init images at the hash-service ({@code safety.hash.v1.HashMatcher/Match}, stage upload). A match
 * of a reporting bank is preserved in the evidence vault and its violation emitted by the hash-service itself,
 * before it answers.
 */
@ApplicationScoped
public class HashMatches {
    static final String SERVICE = "hash-service";

    private final MutinyHashMatcherGrpc.MutinyHashMatcherStub matcher;
    private final long deadlineMillis;

    public HashMatches(@GrpcClient("hash") MutinyHashMatcherGrpc.MutinyHashMatcherStub matcher, FilterServiceConfig config) {
        this.matcher = matcher;
        this.deadlineMillis = config.gate().hashTimeout().toMillis();
    }

    public Uni<Call<MatchResponse>> match(RequestContext context, ByteString image, String contentType, String contentId) {
        MatchRequest request = MatchRequest.newBuilder().setContext(context)
                .setMedia(Media.newBuilder().setData(image).setContentType(contentType == null ? "" : contentType))
                .setStage(ContentStage.CONTENT_STAGE_UPLOAD).setContentId(contentId == null ? "" : contentId).build();
        return Uni.createFrom().deferred(() -> matcher.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).match(request))
                .map(r -> r.hasError()
                        ? Call.<MatchResponse>unavailable(SERVICE + " answered " + r.getError().getType() + ": " + r.getError().getDetail())
                        : Call.done(r))
                .onFailure().recoverWithItem(t -> DownstreamFailures.of("hash", SERVICE, t));
    }
}

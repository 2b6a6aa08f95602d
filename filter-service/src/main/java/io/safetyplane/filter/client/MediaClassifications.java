package io.safetyplane.filter.client;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.quarkus.grpc.GrpcClient;
import io.safetyplane.contracts.classifier.v1.ClassifyRequest;
import io.safetyplane.contracts.classifier.v1.ClassifyResponse;
import io.safetyplane.contracts.classifier.v1.Media;
import io.safetyplane.contracts.classifier.v1.MutinyMediaClassifierGrpc;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.events.v1.Action;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Classifications of init images at the classifier-service ({@code safety.classifier.v1.MediaClassifier/Classify},
 * stage upload, the default model). A block verdict on an upload emits its violation at the classifier-service.
 */
@ApplicationScoped
public class MediaClassifications {
    static final String SERVICE = "classifier-service";

    private final MutinyMediaClassifierGrpc.MutinyMediaClassifierStub classifier;
    private final long deadlineMillis;

    public MediaClassifications(@GrpcClient("classifier") MutinyMediaClassifierGrpc.MutinyMediaClassifierStub classifier,
            FilterServiceConfig config) {
        this.classifier = classifier;
        this.deadlineMillis = config.gate().classifierTimeout().toMillis();
    }

    public Uni<Call<ClassifyResponse>> classify(RequestContext context, ByteString image, String contentType, String contentId) {
        ClassifyRequest request = ClassifyRequest.newBuilder().setContext(context)
                .setMedia(Media.newBuilder().setData(image).setContentType(contentType == null ? "" : contentType))
                .setStage(ContentStage.CONTENT_STAGE_UPLOAD).setContentId(contentId == null ? "" : contentId).build();
        return Uni.createFrom().deferred(() -> classifier.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).classify(request))
                .map(r -> {
                    if (r.hasError()) {
                        return Call.<ClassifyResponse>unavailable(SERVICE + " answered " + r.getError().getType() + ": "
                                + r.getError().getDetail());
                    }
                    Action d = r.getDecision();
                    if (d == Action.ACTION_UNSPECIFIED || d == Action.UNRECOGNIZED) {
                        return Call.<ClassifyResponse>unavailable(SERVICE + " answered without a decision");
                    }
                    return Call.done(r);
                })
                .onFailure().recoverWithItem(t -> DownstreamFailures.of("classifier", SERVICE, t));
    }
}

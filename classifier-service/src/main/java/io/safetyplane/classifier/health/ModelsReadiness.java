package io.safetyplane.classifier.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.safetyplane.classifier.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ready once every model is loaded into its ONNX Runtime session (they load at start-up; a model that
 * does not load stops the service). Reports each model's version, execution provider and queue.
 */
@Readiness
@ApplicationScoped
public class ModelsReadiness implements HealthCheck {
    private final ModelRegistry registry;

    public ModelsReadiness(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("classifier-models").up()
                .withData("default", registry.defaultModel().spec().id());
        for (ModelRegistry.Entry e : registry.models()) {
            b.withData(e.spec().id(), e.spec().name() + "@" + e.spec().version() + " on " + e.batcher().model().provider()
                    + ", " + e.batcher().queued() + "/" + e.batcher().capacity() + " queued");
        }
        return b.build();
    }
}

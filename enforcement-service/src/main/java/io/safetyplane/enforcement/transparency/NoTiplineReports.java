package io.safetyplane.enforcement.transparency;

import java.time.Instant;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** No CyberTipline reporting yet: none filed. Replaced by the tipline queue's own {@link TiplineReports} bean. */
@DefaultBean
@ApplicationScoped
public class NoTiplineReports implements TiplineReports {

    @Override
    public Uni<Long> filed(Instant start, Instant end) {
        return Uni.createFrom().item(0L);
    }

    @Override
    public String note() {
        return "CyberTipline reporting is not connected yet: no reports were filed through this service.";
    }
}

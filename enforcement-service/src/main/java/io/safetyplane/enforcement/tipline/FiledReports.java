package io.safetyplane.enforcement.tipline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.transparency.TiplineReports;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The transparency report's count of CyberTipline reports: those NCMEC accepted as filed (FINISHED) in the period. */
@ApplicationScoped
public class FiledReports implements TiplineReports {
    private static final String COUNT = "select count(*) from tipline_reports where state = 'FINISHED' and finished_at >= $1 and finished_at < $2";

    private final Pool pool;
    private final boolean enabled;

    public FiledReports(Pool pool, EnforcementConfig config) {
        this.pool = pool;
        this.enabled = config.tipline().enabled();
    }

    @Override
    public Uni<Long> filed(Instant start, Instant end) {
        return pool.preparedQuery(COUNT).execute(Tuple.of(OffsetDateTime.ofInstant(start, ZoneOffset.UTC), OffsetDateTime.ofInstant(end, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    @Override
    public String note() {
        String counted = "Reports filed with NCMEC's CyberTipline (finished), by the time NCMEC accepted them; retracted and "
                + "unfinished reports are not counted.";
        return enabled ? counted
                : counted + " CyberTipline reporting is disabled in this deployment: confirmed incidents are queued but not sent.";
    }
}

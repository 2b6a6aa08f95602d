package io.safetyplane.enforcement.tipline;

import java.net.URI;
import java.time.Clock;

import io.safetyplane.cybertipline.ReportSchema;
import io.safetyplane.cybertipline.TiplineClient;
import io.safetyplane.cybertipline.TiplineConfig;
import io.safetyplane.cybertipline.job.ReportJob;
import io.safetyplane.enforcement.config.EnforcementConfig;
import io.safetyplane.enforcement.config.StartupChecks;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The CyberTipline client, NCMEC's XSD and the report job, from {@code enforcement-service.tipline.*}. They exist only
 * when reporting is enabled: resolve them lazily ({@code Instance}) and only then.
 */
public class TiplineBeans {

    @Produces
    @Singleton
    ReportSchema schema(EnforcementConfig config) {
        requireEnabled(config);
        return StartupChecks.schema(config.tipline());
    }

    @Produces
    @Singleton
    TiplineClient client(EnforcementConfig config, ReportSchema schema) {
        requireEnabled(config);
        EnforcementConfig.Tipline t = config.tipline();
        return new TiplineClient(new TiplineConfig(URI.create(t.endpoint().strip()), t.username().orElseThrow(), t.password().orElseThrow(),
                t.callTimeout(), t.connectTimeout()), schema);
    }

    @Produces
    @Singleton
    ReportJob job(TiplineClient client, ReportSchema schema, PgReportJournal journal, Clock clock, EnforcementConfig config) {
        return new ReportJob(client, schema, journal, clock, config.tipline().maxAttempts());
    }

    private static void requireEnabled(EnforcementConfig config) {
        if (!config.tipline().enabled()) {
            throw new IllegalStateException("CyberTipline reporting is disabled (enforcement-service.tipline.enabled=false)");
        }
    }
}

package io.safetyplane.provenance.service;

import java.time.Clock;

import io.quarkus.runtime.StartupEvent;
import io.safetyplane.provenance.config.ProvenanceConfig;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain-Java parts as CDI beans. */
public class Beans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Credentials credentials(ProvenanceConfig config, Clock clock) {
        return Credentials.load(config, clock);
    }

    /** Loads and checks the credentials at start-up, so that unfit ones stop the service rather than the first request. */
    void loadAtStartup(@Observes StartupEvent event, Provenance provenance) {
        provenance.credentials().leaf();
    }
}

package io.safetyplane.enforcement.service;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;

import io.safetyplane.enforcement.ladder.Ladder;
import io.safetyplane.enforcement.ladder.LadderPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The plain-Java parts as CDI beans. */
public class Beans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The ladder: the defaults of {@code ladder.properties}, each key overridable in the configuration ({@code enforcement.ladder.*}). */
    @Produces
    @Singleton
    Ladder ladder(Config config) {
        Map<String, String> props = new HashMap<>();
        java.util.Properties defaults = new java.util.Properties();
        try (java.io.InputStream in = Beans.class.getClassLoader().getResourceAsStream(LadderPolicy.DEFAULT_RESOURCE)) {
            defaults.load(in);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the default ladder " + LadderPolicy.DEFAULT_RESOURCE + " is missing from the service", e);
        }
        defaults.forEach((k, v) -> props.put(k.toString(), v.toString()));
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(LadderPolicy.DEFAULT_PREFIX + ".")) {
                config.getOptionalValue(name, String.class).ifPresent(v -> props.put(name, v));
            }
        }
        return new Ladder(LadderPolicy.fromProperties(props, LadderPolicy.DEFAULT_PREFIX));
    }
}

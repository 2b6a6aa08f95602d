package io.safetyplane.enforcement.tipline;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service with CyberTipline reporting enabled against the fake server ({@link FakeTiplineResource}). */
public class TiplineProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeTiplineResource.class));
    }
}

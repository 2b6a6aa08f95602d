package io.safetyplane.enforcement;

import io.quarkus.test.common.QuarkusTestResource;
import io.safetyplane.testsupport.KafkaBrokerResource;

/** One real KRaft broker for every test class of this module (PostgreSQL: {@link TestDatabase}). */
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
public class TestResources {
}

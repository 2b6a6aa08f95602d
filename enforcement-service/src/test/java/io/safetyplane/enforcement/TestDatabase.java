package io.safetyplane.enforcement;

import io.quarkus.test.common.QuarkusTestResource;
import io.safetyplane.testsupport.PostgresResource;

/** The real PostgreSQL that bin/test starts, for every test class of this module. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public class TestDatabase {
}

package io.safetyplane.enforcement.model;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.hibernate.reactive.type.descriptor.jdbc.ReactiveJsonJdbcType;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A jsonb column whose value may be a JSON array ({@code List<Map<String, Object>>}), for {@code @JdbcType}. Hibernate
 * Reactive's own JSON type binds and reads every value as a Vert.x {@code JsonObject}, which fails for a top-level array
 * (hibernate-reactive issue 4156); this one hands the PostgreSQL client a {@code JsonArray} or {@code JsonObject} as the
 * JSON text says, and reads either back.
 */
public class JsonbJdbcType extends ReactiveJsonJdbcType {

    public JsonbJdbcType() {
        super(null);
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement st, X value, int index, WrapperOptions options) throws SQLException {
                st.setObject(index, Json.decodeValue(JsonbJdbcType.this.toString(value, getJavaType(), options)));
            }

            @Override
            protected void doBind(CallableStatement st, X value, String name, WrapperOptions options) throws SQLException {
                st.setObject(name, Json.decodeValue(JsonbJdbcType.this.toString(value, getJavaType(), options)));
            }
        };
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                return read(rs.getObject(index), options);
            }

            @Override
            protected X doExtract(CallableStatement st, int index, WrapperOptions options) throws SQLException {
                return read(st.getObject(index), options);
            }

            @Override
            protected X doExtract(CallableStatement st, String name, WrapperOptions options) throws SQLException {
                return read(st.getObject(name), options);
            }

            private X read(Object value, WrapperOptions options) throws SQLException {
                if (value == null) {
                    return null;
                }
                String json = value instanceof JsonObject o ? o.encode() : value instanceof JsonArray a ? a.encode()
                        : value instanceof String s ? s : Json.encode(value);
                return JsonbJdbcType.this.fromString(json, getJavaType(), options);
            }
        };
    }
}

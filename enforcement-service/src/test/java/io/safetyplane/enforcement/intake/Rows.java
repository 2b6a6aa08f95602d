package io.safetyplane.enforcement.intake;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.safetyplane.testsupport.PostgresResource;

/** Reads the test PostgreSQL directly over JDBC, beside the service, to count what the intake applied. */
final class Rows {
    private Rows() {
    }

    static String jdbcUrl() {
        URI uri = URI.create(PostgresResource.url());
        return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    }

    static long count(String sql, Object... args) {
        List<String> r = strings(sql, args);
        return Long.parseLong(r.get(0));
    }

    static List<String> strings(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "app", "app"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i] instanceof String[] a ? c.createArrayOf("text", a) : args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

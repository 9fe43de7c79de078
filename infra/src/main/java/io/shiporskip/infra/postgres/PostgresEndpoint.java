package io.shiporskip.infra.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a PostgreSQL database is and how to log in. */
public record PostgresEndpoint(String jdbcUrl, String user, String password) {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?$");

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    public String databaseName() {
        return parts().group(2);
    }

    /** The same server, another database. */
    public PostgresEndpoint withDatabase(String database) {
        Matcher m = parts();
        String params = m.group(3) == null ? "" : m.group(3);
        return new PostgresEndpoint(m.group(1) + database + params, user, password);
    }

    private Matcher parts() {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/database URL: " + jdbcUrl);
        }
        return m;
    }
}

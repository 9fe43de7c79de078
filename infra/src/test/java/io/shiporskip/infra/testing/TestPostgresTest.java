package io.shiporskip.infra.testing;

import io.shiporskip.infra.postgres.PostgresEndpoint;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TestPostgresTest {

    @Test
    void everyCallGivesAnEmptyDatabaseOfItsOwn() throws Exception {
        PostgresEndpoint first = TestPostgres.freshDatabase();
        PostgresEndpoint second = TestPostgres.freshDatabase();
        assertThat(first.databaseName()).isNotEqualTo(second.databaseName());
        try (Connection c = first.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE marker (id int)");
        }
        try (Connection c = second.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}

package io.shiporskip.projector.rebuild;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The secondary indexes of a generation being built, set aside while the bulk of the history goes in and built once
 * afterwards: one sort per index instead of a B-tree insert per row and index (the event log has three such indexes).
 * Only indexes that no constraint owns are deferred: primary keys and unique constraints stay, because applying an
 * event relies on them (a redelivered event is recognised by its key). Nothing reads a generation before it is
 * served, and it is served only after {@link #build()}.
 * <p>
 * Measured, with the numbers in docs/performance.md: this shortened a 1,000,000-event rebuild; making the tables
 * unlogged during the bulk as well did not (the bulk took as long, and making them logged again took 5 s).
 */
final class DeferredIndexes {

    private static final String SECONDARY_INDEXES = """
            SELECT i.indexname, i.indexdef
            FROM pg_indexes i
            WHERE i.schemaname = ? AND i.tablename <> 'flyway_schema_history'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                              WHERE k.connamespace = i.schemaname::regnamespace AND k.conname = i.indexname)
            ORDER BY i.indexname""";

    private final DataSource dataSource;
    private final List<String> definitions;

    private DeferredIndexes(DataSource dataSource, List<String> definitions) {
        this.dataSource = dataSource;
        this.definitions = definitions;
    }

    /** Drops the schema's secondary indexes and remembers how to build them again. */
    static DeferredIndexes setAside(DataSource dataSource, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement secondary = c.prepareStatement(SECONDARY_INDEXES)) {
                secondary.setString(1, schema);
                try (ResultSet rows = secondary.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                        definitions.add(rows.getString(2));
                    }
                }
            }
            try (Statement drop = c.createStatement()) {
                for (String name : names) {
                    drop.execute("DROP INDEX " + schema + "." + name);
                }
            }
        }
        return new DeferredIndexes(dataSource, definitions);
    }

    /** Builds every index set aside (pg_indexes gives each definition with its schema). */
    void build() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement create = c.createStatement()) {
            for (String definition : definitions) {
                create.execute(definition);
            }
        }
    }

    int count() {
        return definitions.size();
    }
}

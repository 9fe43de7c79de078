package io.shiporskip.projector.consumer;

import io.shiporskip.projector.generations.Generations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the read-model writes of a transaction go; {@link #enter} is its first statement.
 */
public sealed interface WriteTarget {

    void enter(JdbcClient jdbc);

    /**
     * The serving generation, through the views in {@code read_model}. The row lock taken first makes a batch either
     * wholly before a generation switch or wholly after it; a batch that finds another generation than the one its
     * offsets came from is abandoned ({@link GenerationSwitched}) and the consumer resumes from the new one's offsets.
     */
    record Serving(int expectedGeneration) implements WriteTarget {
        @Override
        public void enter(JdbcClient jdbc) {
            int serving = jdbc.sql("SELECT current FROM " + Generations.SERVING + ".generation WHERE id = 1 FOR SHARE")
                    .query(Integer.class).single();
            if (serving != expectedGeneration) {
                throw new GenerationSwitched(expectedGeneration, serving);
            }
        }
    }

    /** A generation being built (or a scratch schema): its tables directly, for this transaction only. */
    record Schema(String name) implements WriteTarget {
        public Schema {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a schema name: " + name);
            }
        }

        @Override
        public void enter(JdbcClient jdbc) {
            jdbc.sql("SET LOCAL search_path TO " + name).update();
        }
    }

    /** The serving generation changed since the consumer read its offsets. */
    final class GenerationSwitched extends RuntimeException {
        GenerationSwitched(int expected, int serving) {
            super("read-model generation " + serving + " is now served (offsets were read from " + expected + ")");
        }
    }
}

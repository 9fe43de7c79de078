package io.shiporskip.infra.testing;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

    /** The kernel may pick a just-closed port again; a stack given the same port twice starts two services on it. */
    @Test
    void no_port_is_handed_out_twice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            assertThat(seen.add(FreePorts.next())).as("port handed out twice, after %d", i).isTrue();
        }
    }
}

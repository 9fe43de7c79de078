package io.shiporskip.command.eventstore;

import io.shiporskip.contracts.community.Choice;
import io.shiporskip.contracts.community.VoteCast;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogOnlySerializerTest {

    private final CatalogOnlySerializer serializer = new CatalogOnlySerializer(JacksonSerializer.builder());

    @Test
    void published_events_and_axons_tokens_round_trip() {
        VoteCast vote = new VoteCast("t", "alice", Choice.SHIP);
        SerializedObject<byte[]> stored = serializer.serialize(vote, byte[].class);
        assertThat(stored.getType().getName()).isEqualTo(VoteCast.class.getName());
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(vote);

        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(42, List.of(40L));
        assertThat((Object) serializer.deserialize(serializer.serialize(token, byte[].class))).isEqualTo(token);
    }

    @Test
    void a_stored_row_naming_any_other_class_is_never_loaded() {
        for (String named : List.of("java.net.URL", "java.lang.ProcessBuilder",
                "io.shiporskip.command.community.CastVote", "com.example.Gadget")) {
            SerializedObject<byte[]> row = new SimpleSerializedObject<>("{}".getBytes(StandardCharsets.UTF_8),
                    byte[].class, new SimpleSerializedType(named, null));
            assertThat(serializer.classForType(row.getType())).as(named).isEqualTo(UnknownSerializedType.class);
            assertThat((Object) serializer.deserialize(row)).as(named).isInstanceOf(UnknownSerializedType.class);
        }
    }
}

package io.shiporskip.contracts.cloudevents;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One event as it travels on Kafka: CloudEvents 1.0 context attributes, our extension attributes, and the event's JSON
 * payload as {@code data} (in the version {@code type} names; {@link CloudEventCodec#payload} upcasts it).
 *
 * @param id        the event id (the same as in the event store; consumers deduplicate on it)
 * @param type      {@code io.shiporskip.<EventType>.v<N>}
 * @param subject   the tool or comparison the event is about; also the Kafka key
 * @param actorid   the token subject that caused the event (extension attribute)
 * @param actorrole the role it acted under (extension attribute)
 * @param reason    the moderator's reason, where one was given (extension attribute)
 * @param position  the event's global position in the event store, for ordering and audit (extension attribute)
 * @param commandid the id of the command that stored the event; events of one command share it (extension attribute)
 */
public record CloudEvent(
        String specVersion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String dataContentType,
        String actorid,
        String actorrole,
        String reason,
        Long position,
        String commandid,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    /** The Kafka {@code content-type} header of a structured-mode record. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** The {@code source} of every event: the command service stores and publishes them all. */
    public static final String SOURCE = "/shiporskip/command-service";

    /** Extension attribute names (CloudEvents allows only lower-case letters and digits). */
    public static final String ACTOR_ID = "actorid";
    public static final String ACTOR_ROLE = "actorrole";
    public static final String REASON = "reason";
    public static final String POSITION = "position";
    public static final String COMMAND_ID = "commandid";
}

package io.shiporskip.command.web;

import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.eventstore.EventMetadata;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Sends a command on behalf of an actor, so its events record who acted, in which role and why. */
@Component
public class Commands {

    /** Every successful write also answers its consistency token in this header (204 answers have no body). */
    public static final String TOKEN_HEADER = "Consistency-Token";
    /** A tool write's answer names the tool's catalog version, the one an edit's If-Match compares (docs/api.md). */
    public static final String TOOL_VERSION_HEADER = "Tool-Version";

    private final CommandGateway gateway;

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    public Acknowledged send(Object command, Actor actor, Role requiredRole) {
        return send(command, actor, requiredRole, null);
    }

    public Acknowledged send(Object command, Actor actor, Role requiredRole, String reason) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(EventMetadata.ACTOR_ID, actor.id());
        metadata.put(EventMetadata.ACTOR_ROLE, actor.actingAs(requiredRole).claimValue());
        metadata.put(EventMetadata.COMMAND_ID, UUID.randomUUID().toString());
        if (reason != null) {
            metadata.put(EventMetadata.REASON, reason);
        }
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata)));
    }
}

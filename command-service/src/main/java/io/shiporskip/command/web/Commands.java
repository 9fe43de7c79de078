package io.shiporskip.command.web;

import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.eventstore.EventMetadata;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import io.shiporskip.support.transients.TransientRetry;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sends a command on behalf of an actor, so its events record who acted, in which role and why. A command that lost a
 * race is decided again on the winner's state: a lost optimistic-concurrency race on its aggregate (Axon's
 * {@code ConcurrencyException}, also two first events of one new stream), an in-JVM aggregate lock Axon gave up on,
 * or a transient database conflict ({@link io.shiporskip.support.transients.TransientFailures}). Each attempt runs in
 * a new unit of work and transaction, so nothing of a failed attempt was stored; a rejection is never retried. When
 * the attempts run out the last failure reaches the web layer as 503 with {@code Retry-After}.
 */
@Component
public class Commands {

    /** Every successful write also answers its consistency token in this header (204 answers have no body). */
    public static final String TOKEN_HEADER = "Consistency-Token";
    /** A tool write's answer names the tool's catalog version, the one an edit's If-Match compares (docs/api.md). */
    public static final String TOOL_VERSION_HEADER = "Tool-Version";

    private final CommandGateway gateway;
    private final TransientRetry retry;

    Commands(CommandGateway gateway, TransientRetry retry) {
        this.gateway = gateway;
        this.retry = retry;
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
        var message = GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata));
        return retry.call("command", () -> gateway.sendAndWait(message), Commands::lostRace);
    }

    /** Failures that mean "another writer got there first", which deciding again on the new state resolves. */
    public static boolean lostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException
                    || t instanceof LockAcquisitionFailedException) {
                return true;
            }
        }
        return false;
    }
}

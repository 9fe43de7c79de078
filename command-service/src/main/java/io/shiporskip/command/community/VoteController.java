package io.shiporskip.command.community;

import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.contracts.community.Choice;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A voter's own vote on a tool; the voter is always the token's subject. {@link #cast} and {@link #retract(String,
 * Actor)} are the one place a vote's command and answer are built: Spring MVC's handlers below call them, and so does
 * the command service's lean path for votes ({@code leanvotes.LeanVotes}), which answers the usual vote request without
 * Spring Security's and Spring MVC's per-request work.
 */
@RestController
@RequestMapping("/api/v1/tools/{toolId}/vote")
public class VoteController {

    /** The body of {@code PUT}: {@code {"choice":"SHIP"|"SKIP"}}. */
    public record VoteBody(@NotNull Choice choice) {
    }

    /** The answer of {@code PUT}. */
    public record VoteAccepted(String toolId, Choice choice, boolean changed, String token) {
    }

    private final Commands commands;

    VoteController(Commands commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<VoteAccepted> vote(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                      @Valid @RequestBody VoteBody body, Authentication authentication) {
        return cast(toolId, body, Actor.of(authentication));
    }

    @DeleteMapping
    ResponseEntity<Void> retract(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                 Authentication authentication) {
        return retract(toolId, Actor.of(authentication));
    }

    /**
     * Casts or changes {@code voter}'s vote: 200 with the outcome and its consistency token (also in the
     * {@value Commands#TOKEN_HEADER} header). {@code toolId} must be a slug and {@code body.choice()} not null (the
     * caller validated both); rejections are thrown ({@code Commands.send}).
     */
    public ResponseEntity<VoteAccepted> cast(String toolId, VoteBody body, Actor voter) {
        Acknowledged ack = commands.send(new CastVote(toolId, voter.id(), body.choice()), voter, Role.VOTER);
        VoteOutcome outcome = ack.resultAs(VoteOutcome.class);
        return ResponseEntity.ok().header(Commands.TOKEN_HEADER, ack.token())
                .body(new VoteAccepted(toolId, outcome.choice(), outcome.changed(), ack.token()));
    }

    /** Retracts {@code voter}'s vote: 204 with the consistency token in {@value Commands#TOKEN_HEADER}. */
    public ResponseEntity<Void> retract(String toolId, Actor voter) {
        Acknowledged ack = commands.send(new RetractVote(toolId, voter.id()), voter, Role.VOTER);
        return ResponseEntity.noContent().header(Commands.TOKEN_HEADER, ack.token()).build();
    }
}

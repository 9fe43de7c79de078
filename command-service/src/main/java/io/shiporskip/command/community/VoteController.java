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

/** A voter's own vote on a tool; the voter is always the token's subject. */
@RestController
@RequestMapping("/api/v1/tools/{toolId}/vote")
class VoteController {

    record VoteBody(@NotNull Choice choice) {
    }

    record VoteAccepted(String toolId, Choice choice, boolean changed, String token) {
    }

    private final Commands commands;

    VoteController(Commands commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<VoteAccepted> vote(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                      @Valid @RequestBody VoteBody body, Authentication authentication) {
        Actor voter = Actor.of(authentication);
        Acknowledged ack = commands.send(new CastVote(toolId, voter.id(), body.choice()), voter, Role.VOTER);
        VoteOutcome outcome = ack.resultAs(VoteOutcome.class);
        return ResponseEntity.ok().header(Commands.TOKEN_HEADER, ack.token())
                .body(new VoteAccepted(toolId, outcome.choice(), outcome.changed(), ack.token()));
    }

    @DeleteMapping
    ResponseEntity<Void> retract(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                 Authentication authentication) {
        Actor voter = Actor.of(authentication);
        Acknowledged ack = commands.send(new RetractVote(toolId, voter.id()), voter, Role.VOTER);
        return ResponseEntity.noContent().header(Commands.TOKEN_HEADER, ack.token()).build();
    }
}

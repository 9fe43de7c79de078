package io.shiporskip.command.moderation;

import io.shiporskip.command.catalog.LockVoting;
import io.shiporskip.command.catalog.UnknownTool;
import io.shiporskip.command.catalog.UnlockVoting;
import io.shiporskip.command.community.ReinstateVoter;
import io.shiporskip.command.community.SuspendVoter;
import io.shiporskip.command.community.VoidVote;
import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.panel.HideReview;
import io.shiporskip.command.panel.UnhideReview;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import io.shiporskip.support.security.VoterKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/moderation")
class ModerationController {

    /** Why the moderator acts: stored with the event and shown in the audit history. */
    record ReasonBody(@NotBlank @Size(max = 1000) String reason) {
    }

    record Moderated(String token) {
    }

    private static final String VOTER_ID = "^[^/\\s\\p{Cntrl}]{1,200}$";
    private static final String VOTER_ID_MESSAGE =
            "must be a token subject (1-200 characters, no spaces, control characters or '/')";

    /** A key of a subject of at most 255 characters: at most 4 UTF-8 bytes each, 4 characters per 3 bytes. */
    private static final String VOTER_KEY = "^[A-Za-z0-9_-]{2,1360}={0,2}$";
    private static final String VOTER_KEY_MESSAGE = "must be a voter key (base64url of the voter id's UTF-8)";

    private final Commands commands;

    ModerationController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping("/tools/{toolId}/votes/{voterId}/void")
    ResponseEntity<Moderated> voidVote(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                       @PathVariable @Pattern(regexp = VOTER_ID, message = VOTER_ID_MESSAGE) String voterId,
                                       @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, send(new VoidVote(toolId, voterId), authentication, body));
    }

    @PostMapping("/voters/{voterId}/suspend")
    ResponseEntity<Moderated> suspend(@PathVariable @Pattern(regexp = VOTER_ID, message = VOTER_ID_MESSAGE) String voterId,
                                      @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.ACCEPTED, send(new SuspendVoter(voterId), authentication, body));
    }

    @PostMapping("/voters/{voterId}/reinstate")
    ResponseEntity<Moderated> reinstate(@PathVariable @Pattern(regexp = VOTER_ID, message = VOTER_ID_MESSAGE) String voterId,
                                        @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, send(new ReinstateVoter(voterId), authentication, body));
    }

    /*
     * The same three commands addressed by voter key (base64url of the voter id's UTF-8): every subject a token may
     * carry, including those a path segment cannot ('/', '%', ';', spaces, over 200 characters). docs/api.md.
     */

    @PostMapping("/tools/{toolId}/votes/by-key/{voterKey}/void")
    ResponseEntity<Moderated> voidVoteByKey(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                            @PathVariable @Pattern(regexp = VOTER_KEY, message = VOTER_KEY_MESSAGE) String voterKey,
                                            @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, send(new VoidVote(toolId, VoterKeys.voterId(voterKey)), authentication, body));
    }

    @PostMapping("/voters/by-key/{voterKey}/suspend")
    ResponseEntity<Moderated> suspendByKey(@PathVariable @Pattern(regexp = VOTER_KEY, message = VOTER_KEY_MESSAGE) String voterKey,
                                           @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.ACCEPTED, send(new SuspendVoter(VoterKeys.voterId(voterKey)), authentication, body));
    }

    @PostMapping("/voters/by-key/{voterKey}/reinstate")
    ResponseEntity<Moderated> reinstateByKey(@PathVariable @Pattern(regexp = VOTER_KEY, message = VOTER_KEY_MESSAGE) String voterKey,
                                             @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, send(new ReinstateVoter(VoterKeys.voterId(voterKey)), authentication, body));
    }

    @PostMapping("/tools/{toolId}/reviews/{persona}/hide")
    ResponseEntity<Moderated> hide(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                   @PathVariable Persona persona, @Valid @RequestBody ReasonBody body,
                                   Authentication authentication) {
        return answer(HttpStatus.OK, send(new HideReview(toolId, persona), authentication, body));
    }

    @PostMapping("/tools/{toolId}/reviews/{persona}/unhide")
    ResponseEntity<Moderated> unhide(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                     @PathVariable Persona persona, @Valid @RequestBody ReasonBody body,
                                     Authentication authentication) {
        return answer(HttpStatus.OK, send(new UnhideReview(toolId, persona), authentication, body));
    }

    @PostMapping("/tools/{toolId}/lock")
    ResponseEntity<Moderated> lock(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                   @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, sendToTool(toolId, new LockVoting(toolId), authentication, body));
    }

    @PostMapping("/tools/{toolId}/unlock")
    ResponseEntity<Moderated> unlock(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                     @Valid @RequestBody ReasonBody body, Authentication authentication) {
        return answer(HttpStatus.OK, sendToTool(toolId, new UnlockVoting(toolId), authentication, body));
    }

    private Acknowledged send(Object command, Authentication authentication, ReasonBody body) {
        return commands.send(command, Actor.of(authentication), Role.MODERATOR, body.reason());
    }

    private Acknowledged sendToTool(String toolId, Object command, Authentication authentication, ReasonBody body) {
        try {
            return send(command, authentication, body);
        } catch (AggregateNotFoundException notListed) {
            throw new UnknownTool(toolId);
        }
    }

    private static ResponseEntity<Moderated> answer(HttpStatus status, Acknowledged ack) {
        return ResponseEntity.status(status).header(Commands.TOKEN_HEADER, ack.token()).body(new Moderated(ack.token()));
    }
}

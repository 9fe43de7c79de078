package io.shiporskip.command.panel;

import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.contracts.panel.Persona;
import io.shiporskip.contracts.panel.Verdict;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A panelist's own take, written only as the persona in their token. */
@RestController
@RequestMapping("/api/v1/tools/{toolId}/reviews/{persona}")
class ReviewController {

    record ReviewBody(@NotNull @Min(0) @Max(100) Integer score, @NotNull Verdict verdict,
                      @NotBlank @Size(max = 4000) String text) {
    }

    record ReviewAccepted(String toolId, Persona persona, int revision, String token) {
    }

    private final Commands commands;

    ReviewController(Commands commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<ReviewAccepted> submit(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                          @PathVariable Persona persona, @Valid @RequestBody ReviewBody body,
                                          Authentication authentication) {
        Actor panelist = asPersona(authentication, persona);
        Acknowledged ack = commands.send(new SubmitReview(toolId, persona, body.score(), body.verdict(), body.text()),
                panelist, Role.PANELIST);
        ReviewRevision revision = ack.resultAs(ReviewRevision.class);
        return ResponseEntity.ok().header(Commands.TOKEN_HEADER, ack.token())
                .body(new ReviewAccepted(toolId, persona, revision.revision(), ack.token()));
    }

    @DeleteMapping
    ResponseEntity<Void> withdraw(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                  @PathVariable Persona persona, Authentication authentication) {
        Actor panelist = asPersona(authentication, persona);
        Acknowledged ack = commands.send(new WithdrawReview(toolId, persona), panelist, Role.PANELIST);
        return ResponseEntity.noContent().header(Commands.TOKEN_HEADER, ack.token()).build();
    }

    /** Panelists write as their token's persona; an admin may write as any. */
    private static Actor asPersona(Authentication authentication, Persona persona) {
        Actor actor = Actor.of(authentication);
        boolean ownPersona = actor.has(Role.PANELIST)
                && actor.persona().map(p -> p.equalsIgnoreCase(persona.name())).orElse(false);
        if (!ownPersona && !actor.has(Role.ADMIN)) {
            throw new WrongPersona(persona);
        }
        return actor;
    }
}

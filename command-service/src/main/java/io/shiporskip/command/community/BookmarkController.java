package io.shiporskip.command.community;

import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own bookmarks. */
@RestController
@RequestMapping("/api/v1/me/bookmarks/{toolId}")
class BookmarkController {

    private final Commands commands;

    BookmarkController(Commands commands) {
        this.commands = commands;
    }

    @PutMapping
    ResponseEntity<Void> bookmark(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                  Authentication authentication) {
        Actor voter = Actor.of(authentication);
        Acknowledged ack = commands.send(new Bookmark(voter.id(), toolId), voter, Role.VOTER);
        return ResponseEntity.noContent().header(Commands.TOKEN_HEADER, ack.token()).build();
    }

    @DeleteMapping
    ResponseEntity<Void> unbookmark(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                    Authentication authentication) {
        Actor voter = Actor.of(authentication);
        Acknowledged ack = commands.send(new Unbookmark(voter.id(), toolId), voter, Role.VOTER);
        return ResponseEntity.noContent().header(Commands.TOKEN_HEADER, ack.token()).build();
    }
}

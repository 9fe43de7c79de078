package io.shiporskip.command.catalog;

import io.shiporskip.command.catalog.ToolRequests.EditToolBody;
import io.shiporskip.command.catalog.ToolRequests.ListToolBody;
import io.shiporskip.command.catalog.ToolRequests.ToolAccepted;
import io.shiporskip.command.consistency.Acknowledged;
import io.shiporskip.command.web.Commands;
import io.shiporskip.command.web.IfMatch;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping("/api/v1/tools")
class ToolController {

    private final Commands commands;
    private final ToolRegistry registry;

    ToolController(Commands commands, ToolRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    @PostMapping
    ResponseEntity<ToolAccepted> list(@Valid @RequestBody ListToolBody body, Authentication authentication) {
        String toolId = body.id() != null ? body.id() : Slugs.from(body.name());
        if (registry.isListed(toolId)) {
            throw new ToolAlreadyListed(toolId);
        }
        ListTool command = new ListTool(toolId, body.name(), body.tagline(), body.description(), body.category(),
                body.pricing().toPricing(), body.bestFor());
        Acknowledged ack;
        try {
            ack = commands.send(command, Actor.of(authentication), Role.EDITOR);
        } catch (AggregateStreamCreationException raceLost) {
            throw new ToolAlreadyListed(toolId);
        }
        return ResponseEntity.created(URI.create("/api/v1/tools/" + toolId))
                .header(Commands.TOKEN_HEADER, ack.token())
                .header(Commands.TOOL_VERSION_HEADER, "1")
                .body(new ToolAccepted(toolId, 1, ack.token()));
    }

    @PatchMapping("/{toolId}")
    ResponseEntity<ToolAccepted> edit(@PathVariable @Pattern(regexp = Slugs.PATTERN, message = Slugs.MESSAGE) String toolId,
                                      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @Valid @RequestBody EditToolBody body, Authentication authentication) {
        EditTool command = new EditTool(toolId, IfMatch.version(ifMatch), body.fields());
        Acknowledged ack;
        try {
            ack = commands.send(command, Actor.of(authentication), Role.EDITOR, body.reason());
        } catch (AggregateNotFoundException notListed) {
            throw new UnknownTool(toolId);
        }
        ToolVersion version = ack.resultAs(ToolVersion.class);
        // no ETag: the tool's representation (its card) also changes with votes and takes, which its version does not
        return ResponseEntity.ok().header(Commands.TOKEN_HEADER, ack.token())
                .header(Commands.TOOL_VERSION_HEADER, String.valueOf(version.version()))
                .body(new ToolAccepted(toolId, version.version(), ack.token()));
    }
}

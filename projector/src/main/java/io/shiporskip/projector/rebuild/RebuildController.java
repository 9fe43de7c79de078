package io.shiporskip.projector.rebuild;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Moderators and admins replay history: rebuild every read model while the current ones serve, then switch. */
@RestController
@RequestMapping("/api/v1/admin/rebuilds")
class RebuildController {

    /** @param source AUTO when absent */
    record RebuildRequest(RebuildSource source) {
    }

    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** 202: the rebuild runs in the background; poll its Location. */
    @PostMapping
    ResponseEntity<RebuildStatus> start(@RequestBody(required = false) RebuildRequest request,
                                        Authentication authentication) {
        RebuildSource source = request == null || request.source() == null ? RebuildSource.AUTO : request.source();
        RebuildStatus status = rebuilds.start(source, authentication.getName());
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/rebuilds/" + status.rebuildId()))
                .body(status);
    }

    @GetMapping
    List<RebuildStatus> recent(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return rebuilds.recent(limit);
    }

    @GetMapping("/{rebuildId}")
    RebuildStatus status(@PathVariable UUID rebuildId) {
        return rebuilds.status(rebuildId);
    }

    /** Cancels a running rebuild (202: it stops within a second or two and ends FAILED; the serving one is untouched). */
    @DeleteMapping("/{rebuildId}")
    ResponseEntity<RebuildStatus> cancel(@PathVariable UUID rebuildId, Authentication authentication) {
        return ResponseEntity.accepted().body(rebuilds.cancel(rebuildId, authentication.getName()));
    }
}

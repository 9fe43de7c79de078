package io.shiporskip.projector.lag;

import io.shiporskip.projector.deadletters.DeadLetters;
import io.shiporskip.projector.generations.Generations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/admin/projections}: the serving generation, how far behind it is, and parked events. */
@RestController
class ProjectionsController {

    record Projections(int generation, long lagEvents, long lagSeconds, List<ProjectionLag.PartitionLag> partitions,
                       long deadLetters, Instant measuredAt, String error) {
    }

    private final ProjectionLag lag;
    private final DeadLetters deadLetters;
    private final Generations generations;

    ProjectionsController(ProjectionLag lag, DeadLetters deadLetters, Generations generations) {
        this.generations = generations;
        this.lag = lag;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/admin/projections")
    Projections projections() {
        lag.measure();
        ProjectionLag.Snapshot snapshot = lag.latest();
        return new Projections(generations.current(), snapshot.lagEvents(), snapshot.lagSeconds(), snapshot.partitions(),
                deadLetters.parked(), snapshot.measuredAt(), snapshot.error());
    }
}

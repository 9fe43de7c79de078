package io.shiporskip.projector.rebuild;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shiporskip.projector.generations.Generations;
import io.shiporskip.support.problems.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts, tracks and cancels rebuilds. One runs at a time across all projector instances (the rebuild table's unique
 * index); it runs on the instance that accepted it, which beats every second so that the others can tell a rebuild
 * in progress from one whose instance died (silent for {@link #ABANDONED_AFTER}).
 */
@Component
public class Rebuilds implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

    private record Active(UUID id, RebuildProgress progress) {
    }

    private final RebuildRepository repository;
    private final GenerationBuilder builder;
    private final Generations generations;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "read-model-rebuild"));
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "read-model-rebuild-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile Active active;

    Rebuilds(RebuildRepository repository, GenerationBuilder builder, Generations generations, MeterRegistry meters) {
        this.repository = repository;
        this.builder = builder;
        this.generations = generations;
        Gauge.builder("shiporskip.projector.rebuild.running", this, r -> r.active == null ? 0 : 1)
                .description("1 while this instance runs a rebuild").register(meters);
        Gauge.builder("shiporskip.projector.rebuild.events.applied", this, r -> r.progressOf(RebuildProgress::applied))
                .description("events the running rebuild has applied to its new generation").register(meters);
        Gauge.builder("shiporskip.projector.rebuild.events.per.second", this,
                        r -> r.progressOf(RebuildProgress::perSecond))
                .description("the running rebuild's average rate").register(meters);
    }

    /** Leftovers of rebuilds whose instance died: marked failed, their generations dropped. */
    @Override
    public void afterPropertiesSet() {
        repository.abandonSilentFor(ABANDONED_AFTER);
        Set<Integer> kept = new HashSet<>(List.of(generations.current()));
        List<Integer> existing = generations.existing();
        repository.running().ifPresent(running -> kept.add(running.generation()));
        existing.stream().filter(g -> !kept.contains(g)).forEach(this::dropQuietly);
    }

    public RebuildStatus start(RebuildSource source, String requestedBy) {
        repository.abandonSilentFor(ABANDONED_AFTER).forEach(this::dropQuietly);
        UUID id = UUID.randomUUID();
        int generation = repository.start(id, source, requestedBy).orElseThrow(() -> new RebuildConflict(
                "rebuild-in-progress", "Rebuild " + repository.running().map(r -> r.rebuildId().toString()).orElse("")
                + " is running; one rebuild runs at a time."));
        RebuildProgress progress = new RebuildProgress(source);
        active = new Active(id, progress);
        ScheduledFuture<?> beating = heartbeat.scheduleAtFixedRate(() -> beat(id, progress), 1, 1, TimeUnit.SECONDS);
        worker.submit(() -> run(id, generation, source, progress, beating));
        log.info("Rebuild {} of generation {} from {} requested by {}", id, generation, source, requestedBy);
        return status(id);
    }

    public RebuildStatus status(UUID id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    public List<RebuildStatus> recent(int limit) {
        return repository.recent(limit);
    }

    public RebuildStatus cancel(UUID id, String by) {
        if (!repository.requestCancel(id, by)) {
            RebuildStatus status = status(id);
            throw new RebuildConflict("rebuild-not-running", "Rebuild " + id + " is " + status.state() + ".");
        }
        Active running = active;
        if (running != null && running.id().equals(id)) {
            running.progress().cancelRequestedBy(by);
        }
        return status(id);
    }

    private void run(UUID id, int generation, RebuildSource source, RebuildProgress progress, ScheduledFuture<?> beating) {
        try {
            int replaced = builder.build(id, generation, source, progress);
            dropQuietly(replaced);
        } catch (Exception | LinkageError e) {
            log.error("Rebuild {} of generation {} failed; the serving generation is untouched", id, generation, e);
            repository.failed(id, progress.snapshot(), describe(e));
            dropQuietly(generation);
        } finally {
            beating.cancel(false);
            active = null;
        }
    }

    private void beat(UUID id, RebuildProgress progress) {
        try {
            repository.beat(id, progress.snapshot()).ifPresent(progress::cancelRequestedBy);
        } catch (RuntimeException e) {
            log.warn("Rebuild {} heartbeat failed: {}", id, e.toString());
        }
    }

    private void dropQuietly(int generation) {
        try {
            generations.drop(generation);
        } catch (Exception e) {
            log.warn("Could not drop read-model generation {} (dropped at the next start): {}", generation, e.toString());
        }
    }

    /** One figure of the running rebuild's progress, 0 when this instance runs none. */
    private double progressOf(java.util.function.Function<RebuildProgress, Number> figure) {
        Active running = active;
        return running == null ? 0 : figure.apply(running.progress()).doubleValue();
    }

    private static String describe(Throwable e) {
        String message = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    private static NotFound notFound(UUID id) {
        return new NotFound("rebuild-not-found", "No rebuild has the id " + id + ".");
    }

    /** A stopping instance cancels its rebuild so that it is marked failed now rather than abandoned later. */
    @Override
    public void destroy() throws InterruptedException {
        Active running = active;
        if (running != null) {
            running.progress().cancelRequestedBy("shutdown of the projector running it");
        }
        worker.shutdown();
        if (!worker.awaitTermination(20, TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
        heartbeat.shutdownNow();
    }
}

package io.shiporskip.infra.bench;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Comparison pages per second over HTTP at concurrency C beside single-row primary-key selects over JDBC. */
final class PageReadPhase {

    /** @param ratio pages/s ÷ primary-key selects/s (target ≥ 1.0) */
    record Figures(Throughput pages, PhaseCost pagesCost, Throughput primaryKeySelects, PhaseCost selectsCost,
                   double ratio, String client) {
    }

    private final BenchStack stack;
    private final List<String> toolIds;
    private final String page;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;

    PageReadPhase(BenchStack stack, List<String> toolIds, String page, int concurrency, Duration duration,
                  Duration warmup) {
        this.stack = stack;
        this.toolIds = toolIds;
        this.page = page;
        this.concurrency = concurrency;
        this.duration = duration;
        this.warmup = warmup;
    }

    Figures run() throws Exception {
        String path = "/api/v1/comparisons/" + page;
        Http.Reply sample = new Http(stack.fleet.baseUrl(Service.QUERY)).get(path, null);
        BenchArgs.require(sample.status() == 200 && sample.json().get("tools").size() == 2,
                "the page is not what the benchmark set up: " + sample.status() + " " + sample.body());
        readPages(path, warmup);
        PhaseCost.Meter pagesMeter = stack.costMeter();
        Throughput pages = readPages(path, duration);
        PhaseCost pagesCost = pagesMeter.stop(pages.count());
        Throughput selects;
        PhaseCost selectsCost;
        try (OpenConnections connections = new OpenConnections(stack.database, concurrency)) {
            primaryKeySelects(connections, warmup);
            PhaseCost.Meter selectsMeter = stack.costMeter();
            selects = primaryKeySelects(connections, duration);
            selectsCost = selectsMeter.stop(selects.count());
        }
        return new Figures(pages, pagesCost, selects, selectsCost,
                Latencies.ratio(pages.perSecond(), selects.perSecond()),
                "one keep-alive HTTP/1.1 connection per thread");
    }

    private Throughput readPages(String path, Duration length) throws Exception {
        String queryUrl = stack.fleet.baseUrl(Service.QUERY);
        AtomicLong pages = new AtomicLong();
        List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Workers.run(concurrency, t -> {
            Latencies own = new Latencies();
            latencies.add(own);
            try (KeepAliveHttp connection = new KeepAliveHttp(queryUrl)) {
                byte[] request = connection.get(path);
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    KeepAliveHttp.Answer answer = connection.send(request);
                    own.add(System.nanoTime() - t0);
                    BenchArgs.require(answer.status() == 200, "page answered " + answer.status());
                    pages.incrementAndGet();
                }
            }
        });
        return Throughput.of(pages.get(), start, latencies);
    }

    private Throughput primaryKeySelects(OpenConnections connections, Duration length) throws Exception {
        AtomicLong selects = new AtomicLong();
        List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long end = start + length.toNanos();
        Workers.run(concurrency, t -> {
            Latencies own = new Latencies();
            latencies.add(own);
            Random random = new Random(t);
            try (PreparedStatement select = connections.get(t)
                    .prepareStatement("SELECT * FROM read_model.tool_card WHERE tool_id = ?")) {
                while (System.nanoTime() < end) {
                    select.setString(1, toolIds.get(random.nextInt(toolIds.size())));
                    long t0 = System.nanoTime();
                    try (ResultSet rs = select.executeQuery()) {
                        BenchArgs.require(rs.next(), "no row");
                    }
                    own.add(System.nanoTime() - t0);
                    selects.incrementAndGet();
                }
            }
        });
        return Throughput.of(selects.get(), start, latencies);
    }
}

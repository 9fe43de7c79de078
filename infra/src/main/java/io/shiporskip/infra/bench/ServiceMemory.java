package io.shiporskip.infra.bench;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.stack.Service;
import io.shiporskip.infra.stack.ServiceFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peak heap (sampled every 500 ms from each service's Prometheus endpoint, that series only: the sum of the heap pools'
 * used bytes) and
 * peak RSS (the kernel's high-water mark, VmHWM) of every service during a run.
 */
final class ServiceMemory implements AutoCloseable {

    private final ServiceFleet fleet;
    private final Map<Service, Http> endpoints = new EnumMap<>(Service.class);
    private final Map<Service, Double> peakHeap = new EnumMap<>(Service.class);
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-sampler");
        t.setDaemon(true);
        return t;
    });

    ServiceMemory(ServiceFleet fleet) {
        this.fleet = fleet;
        for (Service s : Service.values()) {
            endpoints.put(s, new Http(fleet.baseUrl(s)));
        }
        sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        for (var e : endpoints.entrySet()) {
            try {
                // only the heap series: sampling twice a second must not cost the services what a full scrape does
                String metrics = e.getValue().send("GET", "/actuator/prometheus?includedNames=jvm_memory_used_bytes",
                        null, null, "text/plain").body();
                double heap = 0;
                for (String line : metrics.split("\n")) {
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                        heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                double h = heap;
                synchronized (peakHeap) {
                    peakHeap.merge(e.getKey(), h, Math::max);
                }
            } catch (RuntimeException ignored) {
                // a service busy beyond the request timeout is sampled next time
            }
        }
    }

    /** One service's peaks, in 10^6 bytes. */
    record Peak(double peakHeapMb, double peakRssMb) {
    }

    /** Per service (lower-case name): peak heap and peak RSS. */
    Map<String, Peak> peaks() {
        Map<String, Peak> result = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            double heap;
            synchronized (peakHeap) {
                heap = Latencies.round(peakHeap.getOrDefault(s, 0.0) / 1e6);
            }
            result.put(s.name().toLowerCase(), new Peak(heap, Latencies.round(peakRssKb(fleet.get(s).pid()) / 1e3)));
        }
        return result;
    }

    private static double peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

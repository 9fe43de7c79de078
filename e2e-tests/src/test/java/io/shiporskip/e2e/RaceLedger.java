package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.http.Http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every request a race test sent and what it answered, timed one by one. The ledger judges each answer against the
 * public contract as it is recorded (allowed statuses and problem types, Retry-After on a 503, a latency bound) and
 * keeps every breach as a violation, so a run reports all of them at the end instead of stopping at the first.
 */
final class RaceLedger {

    private static final String PROBLEMS = "https://shiporskip.io/problems/";

    /** The writes a race sends, with the answers the contract allows each of them (besides 503 + Retry-After). */
    enum Action {
        VOTE(Map.of(200, "", 403, "voter-suspended", 409, "tool-locked")),
        RETRACT(Map.of(204, "", 403, "voter-suspended", 404, "no-current-vote", 409, "tool-locked")),
        SUSPEND(Map.of(202, "")),
        REINSTATE(Map.of(200, "")),
        LOCK(Map.of(200, "")),
        UNLOCK(Map.of(200, ""));

        /** Status -> the problem code it must carry ("" for a success). */
        final Map<Integer, String> allowed;

        Action(Map<Integer, String> allowed) {
            this.allowed = allowed;
        }
    }

    /**
     * One answered (or unanswered: status -1) request. {@code order} is the order in which answers arrived, so the
     * answers of one voter driven by one thread are in the order that voter sent them.
     */
    record Answer(Action action, String instance, String tool, String voter, String choice, int status,
                  String problem, String token, boolean changed, long nanos, long order) {

        boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    private final Duration bound;
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong order = new AtomicLong();

    /** @param bound the longest any one request may take */
    RaceLedger(Duration bound) {
        this.bound = bound;
    }

    /** Sends one request, times it and records what it answered; a request without an answer is recorded as -1. */
    Answer send(Action action, String instance, String tool, String voter, String choice,
                Supplier<Http.Reply> request) {
        long start = System.nanoTime();
        Http.Reply reply;
        try {
            reply = request.get();
        } catch (RuntimeException noAnswer) {
            long nanos = System.nanoTime() - start;
            Answer answer = new Answer(action, instance, tool, voter, choice, -1, "", null, false, nanos,
                    order.incrementAndGet());
            answers.add(answer);
            violations.add(describe(answer) + ": no answer after " + millis(nanos) + " ms (" + noAnswer + ")");
            return answer;
        }
        long nanos = System.nanoTime() - start;
        JsonNode json = reply.contentType().contains("json") ? reply.json() : null;
        String problem = json != null && json.hasNonNull("type") ? json.get("type").asText() : "";
        String token = reply.header("Consistency-Token")
                .orElse(json != null && json.hasNonNull("token") ? json.get("token").asText() : null);
        boolean changed = json != null && json.path("changed").asBoolean(false);
        Answer answer = new Answer(action, instance, tool, voter, choice, reply.status(), problem, token, changed,
                nanos, order.incrementAndGet());
        answers.add(answer);
        judge(answer, reply, json);
        return answer;
    }

    private void judge(Answer answer, Http.Reply reply, JsonNode json) {
        String what = describe(answer);
        if (answer.nanos() > bound.toNanos()) {
            violations.add(what + ": took " + millis(answer.nanos()) + " ms, over the bound of " + bound.toMillis()
                    + " ms (answered " + answer.status() + ")");
        }
        if (answer.status() == 503) {
            if (reply.header("Retry-After").isEmpty() || !reply.contentType().startsWith("application/problem+json")) {
                violations.add(what + ": 503 without Retry-After or problem+json: " + reply.raw().headers().map()
                        + " " + reply.body());
            }
            return;
        }
        String code = answer.action().allowed.get(answer.status());
        if (code == null) {
            violations.add(what + ": answered " + answer.status() + " " + reply.body());
        } else if (!code.isEmpty() && !answer.problem().equals(PROBLEMS + code)) {
            violations.add(what + ": answered " + answer.status() + " with type " + answer.problem() + ", not "
                    + code);
        } else if (code.isEmpty() && answer.token() == null && answer.action() != Action.REINSTATE) {
            violations.add(what + ": answered " + answer.status() + " without a consistency token");
        } else if (answer.action() == Action.VOTE && answer.status() == 200
                && !answer.choice().equals(json == null ? null : json.path("choice").asText())) {
            violations.add(what + ": answered 200 with another choice: " + reply.body());
        }
    }

    private static String describe(Answer a) {
        return a.action() + " " + (a.tool() == null ? "" : a.tool() + " ") + (a.voter() == null ? "" : a.voter() + " ")
                + (a.choice() == null ? "" : a.choice() + " ") + "via " + a.instance();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Answers by status (-1: none), in status order. */
    Map<Integer, Long> byStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Answer a : answers) {
            counts.merge(a.status(), 1L, Long::sum);
        }
        return counts;
    }

    long count(Set<Integer> statuses) {
        return answers.stream().filter(a -> statuses.contains(a.status())).count();
    }

    /** One line for the test log: how many requests, their statuses and latencies. */
    String summary(String name) {
        List<Long> latencies = new ArrayList<>();
        for (Answer a : answers) {
            latencies.add(a.nanos());
        }
        Collections.sort(latencies);
        return "%s: requests=%d by status=%s latency p50=%d ms p99=%d ms max=%d ms, violations=%d".formatted(name,
                latencies.size(), byStatus(), millis(percentile(latencies, 50)), millis(percentile(latencies, 99)),
                millis(latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1)), violations.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}

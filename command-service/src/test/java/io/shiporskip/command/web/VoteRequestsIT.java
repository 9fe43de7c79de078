package io.shiporskip.command.web;

import io.shiporskip.infra.http.Http;
import io.shiporskip.infra.postgres.PostgresEndpoint;
import io.shiporskip.infra.testing.ServiceTestProperties;
import io.shiporskip.infra.testing.TestKafka;
import io.shiporskip.infra.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.Optional;

import static io.shiporskip.command.TestRequests.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through HTTP against real PostgreSQL and Kafka: vote requests are counted by method and status in
 * {@code shiporskip_vote_requests_total} (refusals included) and are not in {@code http_server_requests_seconds};
 * other requests still are.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// the Prometheus endpoint as deployed (tests turn metrics export off by default)
@AutoConfigureObservability
// closed after the class, while the JVM's broker is still up (as RateLimitIT)
@DirtiesContext
class VoteRequestsIT {

    private static final PostgresEndpoint DB = TestPostgres.freshDatabase();
    private static final String TOPIC = TestKafka.freshTopic();
    private static final String TOOL = "counted-tool";
    private static final String VOTE = "/api/v1/tools/" + TOOL + "/vote";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceTestProperties.register(registry::add, DB, TOPIC);
    }

    @LocalServerPort
    int port;

    private Http http() {
        return new Http("http://127.0.0.1:" + port);
    }


    @Test
    void votes_are_counted_by_method_and_status_and_not_observed_as_http_server_requests() {
        Http.Reply listed = http().post("/api/v1/tools", token("ed", "editor"), Map.of("id", TOOL, "name", "Counted",
                "tagline", "t", "description", "d", "category", "c",
                "pricing", Map.of("model", "FREE", "entry", "Free", "details", "Free"), "bestFor", "b"));
        assertThat(listed.status()).as(listed.body()).isEqualTo(201);
        String voter = token("counted-voter", "voter");

        assertThat(http().put(VOTE, voter, Map.of("choice", "SHIP")).status()).isEqualTo(200);
        assertThat(http().put(VOTE, voter, Map.of("choice", "SKIP")).status()).isEqualTo(200);
        assertThat(http().put(VOTE, voter, Map.of("choice", "MAYBE")).status()).isEqualTo(400);
        assertThat(http().put(VOTE, null, Map.of("choice", "SHIP")).status()).isEqualTo(401);
        assertThat(http().put(VOTE, token("ed", "editor"), Map.of("choice", "SHIP")).status()).isEqualTo(403);
        assertThat(http().delete(VOTE, voter).status()).isEqualTo(204);

        String metrics = http().send("GET", "/actuator/prometheus", null, null, "text/plain").body();
        assertThat(count(metrics, "shiporskip_vote_requests_total", "PUT", "200")).as(metrics).contains(2.0);
        assertThat(count(metrics, "shiporskip_vote_requests_total", "PUT", "400")).contains(1.0);
        assertThat(count(metrics, "shiporskip_vote_requests_total", "PUT", "401")).contains(1.0);
        assertThat(count(metrics, "shiporskip_vote_requests_total", "PUT", "403")).contains(1.0);
        assertThat(count(metrics, "shiporskip_vote_requests_total", "DELETE", "204")).contains(1.0);
        assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count{"))
                .filter(line -> line.contains("uri=\"/api/v1/tools/{toolId}/vote\""))).as(metrics).isEmpty();
        assertThat(count(metrics, "http_server_requests_seconds_count", "POST", "201"))
                .as("other requests are still observed").contains(1.0);
    }

    /** The value of the series with this method and status (label order as the registry writes it). */
    private static Optional<Double> count(String metrics, String series, String method, String status) {
        return metrics.lines().filter(line -> line.startsWith(series + "{"))
                .filter(line -> line.contains("method=\"" + method + "\"") && line.contains("status=\"" + status + "\""))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum);
    }
}

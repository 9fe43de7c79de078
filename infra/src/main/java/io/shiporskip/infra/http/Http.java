package io.shiporskip.infra.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A small JSON-over-HTTP client for the launcher, the seed loader and the tests that drive the real services. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Duration requestTimeout;

    public Http(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(30));
    }

    /** For synchronous operations that take minutes (the equality proof over a large history). */
    public Http(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    public Reply get(String path, String token) {
        return send("GET", path, token, null, "application/json");
    }

    public Reply post(String path, String token, Object body) {
        return send("POST", path, token, body, "application/json");
    }

    public Reply put(String path, String token, Object body) {
        return send("PUT", path, token, body, "application/json");
    }

    public Reply patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, "application/json");
    }

    public Reply delete(String path, String token) {
        return send("DELETE", path, token, null, "application/json");
    }

    /** {@code body} is sent as is when it is a String (for malformed JSON), otherwise as JSON. */
    public Reply send(String method, String path, String token, Object body, String accept) {
        return sendWithHeader(method, path, token, body, "Accept", accept);
    }

    /** Like {@link #send} with one more request header (e.g. If-Match). */
    public Reply sendWithHeader(String method, String path, String token, Object body, String header, String value) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(requestTimeout)
                    .header(header, value);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(text));
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package io.shiporskip.query.pagecache;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers the commonest read there is, an anonymous request for a current page or tool card that is in the page cache
 * and fresh, before Spring Security and Spring MVC see it: with pages in memory, their filters and dispatch were most
 * of the work per page (docs/performance.md). Taken only when the full path would give the same answer from memory:
 * a GET or HEAD of exactly {@code <route><slug>}, with no query string (no waitFor, no asOf), no credentials (a token
 * must be checked, and a bad one refused), no conditional or cross-origin headers; the answer carries the same headers,
 * and HEAD's the same length without the body (as Spring MVC answers HEAD: the GET, body dropped). (Both
 * controllers set their content type, so Spring MVC answers JSON whatever {@code Accept} says; so does this.)
 * Anything else, and every miss, goes the full way; RebuildIT compares both ways' answers.
 */
final class CachedAnswerShortcut extends HttpFilter {

    private static final String GET = "GET";
    private static final String HEAD = "HEAD";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,80}");
    /** What Spring Security writes on every answer of these public endpoints (its default header writers). */
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-XSS-Protection", "0",
            "X-Frame-Options", "DENY");
    private static final List<String> DECLINED_WITH = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.IF_NONE_MATCH,
            HttpHeaders.IF_MATCH, HttpHeaders.IF_MODIFIED_SINCE, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.ORIGIN,
            HttpHeaders.COOKIE);

    private final transient CachedReads reads;
    private final List<CachedRoute> routes;

    CachedAnswerShortcut(CachedReads reads, List<CachedRoute> routes) {
        this.reads = reads;
        this.routes = List.copyOf(routes);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<byte[]> answer = eligible(request) ? answerFromMemory(request, response) : Optional.empty();
        if (answer.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = answer.get();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if (!HEAD.equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    private Optional<byte[]> answerFromMemory(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getRequestURI();
        for (CachedRoute route : routes) {
            if (path.startsWith(route.pathPrefix())) {
                String slug = path.substring(route.pathPrefix().length());
                if (!SLUG.matcher(slug).matches()) {
                    return Optional.empty();
                }
                return reads.fromMemory(route.keyPrefix() + slug).map(entry -> {
                    response.setHeader(HttpHeaders.ETAG, entry.etag());
                    route.cachingHeaders().forEach(response::setHeader);
                    SECURITY_HEADERS.forEach(response::setHeader);
                    return route.body().apply(entry.body());
                });
            }
        }
        return Optional.empty();
    }

    private static boolean eligible(HttpServletRequest request) {
        String method = request.getMethod();
        if (!GET.equals(method) && !HEAD.equals(method) || request.getQueryString() != null) {
            return false;
        }
        for (String header : DECLINED_WITH) {
            if (request.getHeader(header) != null) {
                return false;
            }
        }
        return true;
    }
}

package io.shiporskip.command.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Votes ({@code PUT} and {@code DELETE /api/v1/tools/{toolId}/vote}, the product's main write) are not timed by
 * Spring's {@code http.server.requests} observation: building its context, tags and timer per request was about 7 %
 * of the request threads' CPU per vote (JFR, docs/performance.md "A lean request path for votes"). They are counted
 * instead by {@value #COUNTER} ({@code shiporskip_vote_requests_total} in Prometheus) with the tags {@code method}
 * and {@code status}: one increment of a counter looked up once per (method, status). Every other request is still
 * observed as before.
 */
@Configuration(proxyBeanMethods = false)
public class VoteRequests {

    static final String COUNTER = "shiporskip.vote.requests";
    private static final String OBSERVATION = "http.server.requests";
    private static final String PREFIX = "/api/v1/tools/";
    private static final String SUFFIX = "/vote";

    /**
     * Whether the request is a vote: {@code PUT} or {@code DELETE} of {@code /api/v1/tools/<one segment>/vote}
     * (the raw request URI, as the security rules' {@code /api/v1/tools/*}{@code /vote} match it).
     */
    public static boolean isVote(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"PUT".equals(method) && !"DELETE".equals(method)) {
            return false;
        }
        String uri = request.getRequestURI();
        int idEnd = uri.length() - SUFFIX.length();
        return uri.startsWith(PREFIX) && uri.endsWith(SUFFIX) && idEnd > PREFIX.length()
                && uri.indexOf('/', PREFIX.length()) == idEnd;
    }

    @Bean
    ObservationPredicate noObservationOfVotes() {
        return (name, context) -> !(OBSERVATION.equals(name) && context instanceof ServerRequestObservationContext server
                && isVote(server.getCarrier()));
    }

    /** Ahead of Spring Security, so refusals (401, 403, 429) are counted as well as answers. */
    @Bean
    FilterRegistrationBean<VoteCounter> voteRequestCounter(MeterRegistry meters) {
        FilterRegistrationBean<VoteCounter> registration = new FilterRegistrationBean<>(new VoteCounter(meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Counts each vote request by method and final status; an exception that escapes counts as 500. */
    static final class VoteCounter implements Filter {

        private final MeterRegistry meters;
        private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

        VoteCounter(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (!(request instanceof HttpServletRequest http) || !isVote(http)) {
                chain.doFilter(request, response);
                return;
            }
            int status = 500;
            try {
                chain.doFilter(request, response);
                status = ((HttpServletResponse) response).getStatus();
            } finally {
                counter(http.getMethod(), status).increment();
            }
        }

        private Counter counter(String method, int status) {
            return counters.computeIfAbsent(method + ' ' + status, key -> Counter.builder(COUNTER)
                    .description("Vote requests (PUT/DELETE /api/v1/tools/{toolId}/vote) by method and status")
                    .tag("method", method).tag("status", Integer.toString(status))
                    .register(meters));
        }
    }
}

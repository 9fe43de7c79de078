package io.shiporskip.command.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.lang.NonNull;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Charges every write to its voter's and its address's allowance before the body is even read, so scripted junk is
 * limited like valid votes. Runs after authentication: anonymous writes never get this far (401).
 */
class RateLimitInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RateLimitInterceptor.class);
    static final String VOTER = "voter:";
    static final String ADDRESS = "address:";

    private final RateLimits limits;
    private final RateLimitProperties properties;
    private final MeterRegistry meters;

    RateLimitInterceptor(RateLimits limits, RateLimitProperties properties, MeterRegistry meters) {
        this.limits = limits;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                             @NonNull Object handler) {
        if (isRead(request.getMethod())) {
            return true;
        }
        List<RateLimits.Check> checks = new ArrayList<>();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getName() != null) {
            checks.add(new RateLimits.Check(VOTER + authentication.getName(), properties.perVoter()));
        }
        checks.add(new RateLimits.Check(ADDRESS + request.getRemoteAddr(), properties.perAddress()));
        Optional<RateLimits.Refusal> refusal = limits.take(checks);
        if (refusal.isPresent()) {
            String which = refusal.get().key().startsWith(VOTER) ? "voter" : "address";
            meters.counter("shiporskip.rate_limit.refused", "limit", which).increment();
            // the key is a token subject or an address: neither is a secret, and moderators need them
            log.debug("refused {} for {} s", refusal.get().key(), refusal.get().retryAfterSeconds());
            throw new TooManyRequests(which, refusal.get().retryAfterSeconds());
        }
        return true;
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }
}

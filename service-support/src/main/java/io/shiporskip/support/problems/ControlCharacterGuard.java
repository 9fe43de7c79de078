package io.shiporskip.support.problems;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.lang.NonNull;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses paths and query parameters that decode to control characters (NUL, escape sequences, line breaks): no
 * identifier or filter value of the API contains one, PostgreSQL cannot even store NUL, and such values are how log
 * and header injection start. Answered 400 before anything else looks at the request.
 */
class ControlCharacterGuard extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(@NonNull HttpServletRequest request, @NonNull HttpServletResponse response,
                                    @NonNull FilterChain chain) throws ServletException, IOException {
        if (hasControlCharacters(request)) {
            ProblemResponses.write(response, HttpStatus.BAD_REQUEST, "malformed-request",
                    "The path or a query parameter contains control characters.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean hasControlCharacters(HttpServletRequest request) {
        String path;
        try {
            path = UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return true;
        }
        if (containsControl(path)) {
            return true;
        }
        for (String[] values : request.getParameterMap().values()) {
            for (String value : values) {
                if (containsControl(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean containsControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}

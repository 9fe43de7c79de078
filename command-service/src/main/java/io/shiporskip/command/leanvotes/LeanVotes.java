package io.shiporskip.command.leanvotes;

import com.fasterxml.jackson.databind.ObjectReader;
import io.shiporskip.command.community.VoteController;
import io.shiporskip.command.web.Slugs;
import io.shiporskip.command.web.VoteRequests;
import io.shiporskip.support.security.Actor;
import io.shiporskip.support.security.RolesClaim;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.RequestCacheAwareFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The lean path for votes: a servlet filter ahead of Spring Security that answers the usual {@code PUT} and
 * {@code DELETE /api/v1/tools/{toolId}/vote} itself, with the same answer the full chain (Spring Security, then Spring
 * MVC) gives, and hands everything else to the full chain untouched. docs/architecture.md "The lean path for votes".
 *
 * <p>Usual means all of: {@code PUT} or {@code DELETE}, the path {@code /api/v1/tools/<slug>/vote} with no query
 * string, every header name and value printable ASCII, the security chain's own firewall accepting the request and
 * every header, no {@code Origin}, {@code Accept} absent or {@code *}{@code /*} or {@code application/json}, one
 * {@code Authorization: Bearer <token>} that the application's {@link JwtDecoder} accepts and whose authentication
 * ({@link RolesClaim}) the security chain's own {@link AuthorizationManager} grants; for {@code PUT}
 * {@code Content-Type: application/json} and a body of at most {@value #MAX_BODY} declared bytes that the MVC
 * converter's (strict) mapper reads into {@link VoteController.VoteBody} with a choice; for {@code DELETE} no body.
 * All of that is decided before anything with a side effect: the rate limit is charged only after. A body read to
 * decide is replayed to the full chain when the request turns out unusual.
 *
 * <p>What is reused rather than copied: the security chain's {@link HeaderWriterFilter} and {@link CorsFilter}
 * instances (the same headers, written at the same moment), its firewall rules, its authorization rules, the decoder
 * and {@link RolesClaim}; the handler interceptors Spring MVC's mapping gives a vote (the rate limit), looked up once
 * per method; {@link VoteController}'s own {@code cast}/{@code retract}; the MVC adapter's return value handlers (the
 * same JSON, content negotiation and headers) and every {@link HandlerExceptionResolver} bean in the dispatcher's
 * order (the same problem bodies). A security chain holding a filter this class does not know turns the lean path off.
 */
final class LeanVotes implements Filter {

    private static final Logger log = LoggerFactory.getLogger(LeanVotes.class);
    /** The largest body the lean path reads; {"choice":"SHIP"} is 17 bytes. */
    static final int MAX_BODY = 256;
    private static final String PREFIX = "/api/v1/tools/";
    private static final String SUFFIX = "/vote";
    private static final Pattern SLUG = Pattern.compile(Slugs.PATTERN);
    /** Spring Security's DefaultBearerTokenResolver's token syntax (RFC 6750 b64token), after "Bearer ". */
    private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);

    /**
     * Filters of the security chain that do nothing visible to an authenticated, authorized vote without a session:
     * the lean path may skip them. Any other filter (bar the ones reused or replicated) turns the lean path off.
     */
    private static final Set<Class<?>> PASSIVE = Set.of(DisableEncodeUrlFilter.class,
            WebAsyncManagerIntegrationFilter.class, SecurityContextHolderFilter.class, LogoutFilter.class,
            RequestCacheAwareFilter.class, SecurityContextHolderAwareRequestFilter.class,
            AnonymousAuthenticationFilter.class, SessionManagementFilter.class, ExceptionTranslationFilter.class);

    /** What the lean path needs from one security chain; absent when the chain holds a filter it does not know. */
    private record Secured(SecurityFilterChain chain, List<Filter> applied,
                           AuthorizationManager<HttpServletRequest> authorization, List<RequestMatcher> selective) {

        /** Whether a filter that acts only on the requests its matcher selects (DPoP tokens) would act on this one. */
        boolean selects(HttpServletRequest request) {
            for (RequestMatcher matcher : selective) {
                if (matcher.matches(request)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Secured> chains;
    private final HttpFirewall firewall;
    private final JwtDecoder decoder;
    private final RolesClaim roles = new RolesClaim();
    private final VoteController votes;
    private final RequestMappingHandlerMapping mapping;
    private final HandlerMethodReturnValueHandlerComposite returnValues = new HandlerMethodReturnValueHandlerComposite();
    private final List<HandlerExceptionResolver> resolvers;
    private final ObjectReader voteBodies;
    private final HandlerMethod castMethod;
    private final HandlerMethod retractMethod;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    /** Authorization decisions by (chain, method, authorities); a handful of role combinations in practice. */
    private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();
    private static final int MAX_DECISIONS = 256;
    private volatile List<HandlerInterceptor> castInterceptors;
    private volatile List<HandlerInterceptor> retractInterceptors;

    LeanVotes(List<SecurityFilterChain> securityChains, HttpFirewall firewall, JwtDecoder decoder,
              VoteController votes, RequestMappingHandlerMapping mapping, RequestMappingHandlerAdapter adapter,
              List<HandlerExceptionResolver> resolvers) {
        this.chains = securityChains.stream().map(LeanVotes::secured).toList();
        this.firewall = firewall;
        this.decoder = decoder;
        this.votes = votes;
        this.mapping = mapping;
        this.returnValues.addHandlers(adapter.getReturnValueHandlers());
        this.resolvers = resolvers;
        this.voteBodies = jsonReader(adapter.getMessageConverters());
        this.castMethod = handlerMethod(mapping, "vote");
        this.retractMethod = handlerMethod(mapping, "retract");
    }

    /** The mapper the MVC converter reads request bodies with (StrictRequestBodies' strict copy). */
    private static ObjectReader jsonReader(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter.canRead(VoteController.VoteBody.class, MediaType.APPLICATION_JSON)) {
                if (converter instanceof MappingJackson2HttpMessageConverter json) {
                    return json.getObjectMapper().readerFor(VoteController.VoteBody.class);
                }
                throw new IllegalStateException("votes are read by " + converter + ", not Jackson");
            }
        }
        throw new IllegalStateException("no converter reads a vote");
    }

    private static HandlerMethod handlerMethod(RequestMappingHandlerMapping mapping, String name) {
        return mapping.getHandlerMethods().values().stream()
                .filter(h -> h.getBeanType() == VoteController.class && h.getMethod().getName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no handler VoteController." + name))
                .createWithResolvedBean();
    }

    @SuppressWarnings("unchecked")
    private static Secured secured(SecurityFilterChain chain) {
        List<Filter> applied = new ArrayList<>();
        List<RequestMatcher> selective = new ArrayList<>();
        AuthorizationManager<HttpServletRequest> authorization = null;
        boolean bearer = false;
        for (Filter filter : chain.getFilters()) {
            if (filter instanceof HeaderWriterFilter || filter instanceof CorsFilter) {
                applied.add(filter);
            } else if (filter instanceof AuthorizationFilter authorize) {
                authorization = authorize.getAuthorizationManager();
            } else if (filter instanceof BearerTokenAuthenticationFilter) {
                bearer = true;
            } else if (filter.getClass() == AuthenticationFilter.class) {
                // e.g. the resource server's DPoP filter, which acts only on "Authorization: DPoP ..."
                selective.add(((AuthenticationFilter) filter).getRequestMatcher());
            } else if (!PASSIVE.contains(filter.getClass())) {
                log.warn("lean vote path off for {}: it does not know the filter {}", chain, filter.getClass());
                return null;
            }
        }
        if (authorization == null || !bearer) {
            log.warn("lean vote path off for {}: no bearer authentication or no authorization filter", chain);
            return null;
        }
        return new Secured(chain, List.copyOf(applied), authorization, List.copyOf(selective));
    }

    /** Whether this filter answers usual votes (false when a security chain holds a filter it does not know). */
    boolean active() {
        return chains.stream().anyMatch(c -> c != null);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
                || !VoteRequests.isVote(request)) {
            chain.doFilter(req, res);
            return;
        }
        Decision decision = decide(request);
        if (decision.usual == null) {
            chain.doFilter(decision.replay != null ? decision.replay : request, response);
            return;
        }
        answer(decision.usual, response);
    }

    /** A usual vote, everything about it known; nothing has been charged or sent yet. */
    private record Usual(Secured secured, FirewalledRequest request, boolean cast, String toolId,
                         VoteController.VoteBody body, Authentication authentication) {
    }

    /** Either a usual vote, or the request to hand on (the body replayed when it was read). */
    private record Decision(Usual usual, HttpServletRequest replay) {
    }

    private static final Decision FULL_CHAIN = new Decision(null, null);

    private Decision decide(HttpServletRequest request) throws IOException {
        boolean cast = "PUT".equals(request.getMethod());
        String uri = request.getRequestURI();
        String toolId = uri.substring(PREFIX.length(), uri.length() - SUFFIX.length());
        if (request.getQueryString() != null || !request.getContextPath().isEmpty() || !SLUG.matcher(toolId).matches()
                || !plainHeaders(request) || request.getHeader(HttpHeaders.ORIGIN) != null
                || CorsUtils.isPreFlightRequest(request) || !acceptsJson(request)) {
            return FULL_CHAIN;
        }
        Secured secured = securedFor(request);
        if (secured == null || secured.selects(request)) {
            return FULL_CHAIN;
        }
        FirewalledRequest firewalled;
        try {
            firewalled = firewall.getFirewalledRequest(request);
            for (Enumeration<String> names = firewalled.getHeaderNames(); names.hasMoreElements(); ) {
                Collections.list(firewalled.getHeaders(names.nextElement()));
            }
        } catch (RequestRejectedException rejected) {
            return FULL_CHAIN;
        }
        Authentication authentication = authentication(firewalled);
        if (authentication == null) {
            return FULL_CHAIN;
        }
        if (!cast) {
            if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                return FULL_CHAIN;
            }
            return granted(secured, firewalled, authentication)
                    ? new Decision(new Usual(secured, firewalled, false, toolId, null, authentication), null)
                    : FULL_CHAIN;
        }
        long length = request.getContentLengthLong();
        if (!MediaType.APPLICATION_JSON_VALUE.equals(request.getContentType()) || length <= 0 || length > MAX_BODY
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return FULL_CHAIN;
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        HttpServletRequest replay = new Replayed(request, body);
        VoteController.VoteBody vote;
        try {
            vote = voteBodies.readValue(body);
        } catch (IOException | RuntimeException unreadable) {
            return new Decision(null, replay);
        }
        if (vote == null || vote.choice() == null || !granted(secured, firewalled, authentication)) {
            return new Decision(null, replay);
        }
        return new Decision(new Usual(secured, firewalled, true, toolId, vote, authentication), null);
    }

    /** Names and values of every header are printable ASCII (so the firewall's header rules hold too). */
    private static boolean plainHeaders(HttpServletRequest request) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (!printable(name)) {
                return false;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                if (!printable(values.nextElement())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean acceptsJson(HttpServletRequest request) {
        Enumeration<String> accepts = request.getHeaders(HttpHeaders.ACCEPT);
        if (!accepts.hasMoreElements()) {
            return true;
        }
        String accept = accepts.nextElement();
        return !accepts.hasMoreElements()
                && (MediaType.ALL_VALUE.equals(accept) || MediaType.APPLICATION_JSON_VALUE.equals(accept));
    }

    /** The first security chain that matches, as FilterChainProxy picks it; null when it is not one the path knows. */
    private Secured securedFor(HttpServletRequest request) {
        for (Secured secured : chains) {
            if (secured == null) {
                continue;
            }
            if (secured.chain().matches(request)) {
                return secured;
            }
        }
        return null;
    }

    /** The bearer token's authentication as the resource server builds it; null when there is none or it is refused. */
    private Authentication authentication(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
        if (!headers.hasMoreElements()) {
            return null;
        }
        String header = headers.nextElement();
        if (headers.hasMoreElements() || !header.startsWith("Bearer ")) {
            return null;
        }
        var matcher = BEARER.matcher(header);
        if (!matcher.matches()) {
            return null;
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(matcher.group("token"));
        } catch (JwtException refused) {
            return null;
        }
        Authentication authentication = roles.convert(jwt);
        return authentication == null || !authentication.isAuthenticated() ? null : authentication;
    }

    /**
     * The security chain's own decision. It is remembered per (chain, method, authorities): the rules for
     * {@code /api/v1/tools/*}{@code /vote} name no tool id and decide by role (SecurityRules), so the decision for a
     * vote depends on nothing else, and asking the rules each time would cost what Spring MVC's path matching costs.
     */
    private boolean granted(Secured secured, HttpServletRequest request, Authentication authentication) {
        List<String> authorities = authentication.getAuthorities().stream().map(a -> a.getAuthority()).sorted().toList();
        String key = System.identityHashCode(secured) + " " + request.getMethod() + " " + authorities;
        Boolean known = decisions.get(key);
        if (known != null) {
            return known;
        }
        Supplier<Authentication> who = () -> authentication;
        AuthorizationResult result = secured.authorization().authorize(who, request);
        boolean granted = result != null && result.isGranted();
        if (decisions.size() < MAX_DECISIONS) {
            decisions.put(key, granted);
        }
        return granted;
    }

    /** Through the reused security filters (headers, CORS), then what Spring MVC would do with the vote. */
    private void answer(Usual usual, HttpServletResponse response) throws IOException, ServletException {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(usual.authentication());
        contexts.setContext(context);
        try {
            FilterChain handle = (req, res) -> handle(usual, (HttpServletRequest) req, (HttpServletResponse) res);
            new Applied(usual.secured().applied(), handle).doFilter(usual.request(),
                    firewall.getFirewalledResponse(response));
        } finally {
            contexts.clearContext();
            usual.request().reset();
        }
    }

    /** The reused security filters in their order, then {@code last}. */
    private record Applied(List<Filter> filters, FilterChain last) implements FilterChain {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
            new Object() {
                int next;

                void go(ServletRequest rq, ServletResponse rs) throws IOException, ServletException {
                    if (next == filters.size()) {
                        last.doFilter(rq, rs);
                        return;
                    }
                    filters.get(next++).doFilter(rq, rs, this::go);
                }
            }.go(request, response);
        }
    }

    /**
     * As DispatcherServlet with the vote's handler: interceptors' preHandle, the controller's own method, the return
     * value handlers, postHandle, afterCompletion; a failure answered by the exception resolvers.
     */
    private void handle(Usual usual, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        HandlerMethod handler = usual.cast() ? castMethod : retractMethod;
        List<HandlerInterceptor> interceptors = interceptors(usual.cast(), request, handler);
        int applied = -1;
        Exception failure = null;
        try {
            try {
                for (HandlerInterceptor interceptor : interceptors) {
                    if (!interceptor.preHandle(request, response, handler)) {
                        afterCompletion(interceptors, applied, request, response, handler, null);
                        return;
                    }
                    applied++;
                }
                Actor voter = Actor.of(usual.authentication());
                ResponseEntity<?> answer = usual.cast() ? votes.cast(usual.toolId(), usual.body(), voter)
                        : votes.retract(usual.toolId(), voter);
                ModelAndViewContainer model = new ModelAndViewContainer();
                returnValues.handleReturnValue(answer, handler.getReturnType(), model,
                        new ServletWebRequest(request, response));
                for (int i = interceptors.size() - 1; i >= 0; i--) {
                    interceptors.get(i).postHandle(request, response, handler, null);
                }
            } catch (Exception e) {
                failure = e;
            } catch (Throwable error) {
                failure = new ServletException("Handler dispatch failed: " + error, error);
            }
            if (failure != null) {
                resolve(request, response, handler, failure);
            }
        } catch (Exception unresolved) {
            afterCompletion(interceptors, applied, request, response, handler, unresolved);
            throw unresolved;
        }
        afterCompletion(interceptors, applied, request, response, handler, null);
    }

    private void resolve(HttpServletRequest request, HttpServletResponse response, HandlerMethod handler,
                         Exception failure) throws IOException, ServletException {
        request.removeAttribute(org.springframework.web.servlet.HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE);
        try {
            response.resetBuffer();
        } catch (IllegalStateException committed) {
            // as DispatcherServlet: a committed response keeps what it has
        }
        for (HandlerExceptionResolver resolver : resolvers) {
            ModelAndView resolved = resolver.resolveException(request, response, handler, failure);
            if (resolved != null) {
                if (!resolved.isEmpty()) {
                    throw new ServletException("a vote's failure resolved to a view", failure);
                }
                request.setAttribute(org.springframework.web.servlet.DispatcherServlet.EXCEPTION_ATTRIBUTE, failure);
                return;
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof ServletException servlet) {
            throw servlet;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new ServletException(failure);
    }

    private static void afterCompletion(List<HandlerInterceptor> interceptors, int applied, HttpServletRequest request,
                                        HttpServletResponse response, HandlerMethod handler, Exception failure) {
        for (int i = applied; i >= 0; i--) {
            try {
                interceptors.get(i).afterCompletion(request, response, handler, failure);
            } catch (Throwable t) {
                log.error("HandlerInterceptor.afterCompletion threw exception", t);
            }
        }
    }

    /**
     * The interceptors Spring MVC's mapping gives a vote of this method, looked up once: they are mapped by path
     * pattern ({@code /api/**}), which no tool id changes. The mapping's handler must be the controller's own method.
     */
    private List<HandlerInterceptor> interceptors(boolean cast, HttpServletRequest request, HandlerMethod handler)
            throws ServletException {
        List<HandlerInterceptor> known = cast ? castInterceptors : retractInterceptors;
        if (known != null) {
            return known;
        }
        HandlerExecutionChain found;
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            found = mapping.getHandler(request);
        } catch (Exception e) {
            throw new ServletException("looking up the vote's handler", e);
        } finally {
            if (previous == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
            for (String attribute : List.of(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                    org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                    org.springframework.web.servlet.HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE,
                    org.springframework.web.servlet.HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                    org.springframework.web.servlet.HandlerMapping.MATRIX_VARIABLES_ATTRIBUTE,
                    org.springframework.web.servlet.HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE)) {
                request.removeAttribute(attribute);
            }
        }
        if (found == null || !(found.getHandler() instanceof HandlerMethod method)
                || !method.getMethod().equals(handler.getMethod())) {
            throw new IllegalStateException("Spring MVC maps a vote to " + (found == null ? null : found.getHandler()));
        }
        known = List.copyOf(found.getInterceptorList());
        if (cast) {
            castInterceptors = known;
        } else {
            retractInterceptors = known;
        }
        return known;
    }

    /** The request with the body the lean path read, for the full chain to read again. */
    static final class Replayed extends HttpServletRequestWrapper {

        private final byte[] body;
        private final InputStream in;
        private final ServletInputStream stream;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.in = new ByteArrayInputStream(body);
            this.stream = stream();
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        private ServletInputStream stream() {
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                /**
                 * Non-blocking reads (Servlet 6.0, {@code ServletInputStream.setReadListener}): only in async mode, as
                 * the specification requires. The whole body is already in memory, so the listener is told on a
                 * container thread ({@code AsyncContext.start}) that data is available and, once it has read it all,
                 * that all data was read; a failure of the listener goes to its {@code onError}.
                 */
                @Override
                public void setReadListener(ReadListener listener) {
                    if (listener == null) {
                        throw new NullPointerException("listener");
                    }
                    if (!isAsyncStarted()) {
                        throw new IllegalStateException("a ReadListener needs the request in async mode");
                    }
                    ServletInputStream self = this;
                    getAsyncContext().start(() -> {
                        try {
                            listener.onDataAvailable();
                            if (self.isFinished()) {
                                listener.onAllDataRead();
                            }
                        } catch (Throwable failure) {
                            listener.onError(failure);
                        }
                    });
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(in,
                    encoding == null ? StandardCharsets.ISO_8859_1 : java.nio.charset.Charset.forName(encoding)));
        }
    }

}

package io.shiporskip.command.leanvotes;

import io.shiporskip.command.community.VoteController;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Registers {@link LeanVotes} just ahead of Spring Security ({@value #ORDER}: after the size limit, the control
 * character guard, the vote counter and the request context, which see every request either way), unless
 * {@code shiporskip.lean-votes.enabled} ({@code SHIPORSKIP_LEAN_VOTES_ENABLED}) is false.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "shiporskip.lean-votes.enabled", havingValue = "true", matchIfMissing = true)
class LeanVotesConfiguration {

    static final int ORDER = SecurityProperties.DEFAULT_FILTER_ORDER - 2;

    /**
     * The filter is built on the first request, not while the web server starts (filters are created before the
     * other singletons, and this one needs the controller, the security chain and Spring MVC's adapter).
     */
    @Bean
    FilterRegistrationBean<Filter> leanVotes(ObjectProvider<SecurityFilterChain> chains,
                                             ObjectProvider<HttpFirewall> firewall, ObjectProvider<JwtDecoder> decoder,
                                             ObjectProvider<VoteController> votes,
                                             @Qualifier("requestMappingHandlerMapping")
                                             ObjectProvider<RequestMappingHandlerMapping> mapping,
                                             ObjectProvider<RequestMappingHandlerAdapter> adapter,
                                             ObjectProvider<HandlerExceptionResolver> resolvers) {
        Supplier<LeanVotes> lean = SingletonSupplier.of(() -> new LeanVotes(chains.orderedStream().toList(),
                firewall.getIfAvailable(StrictHttpFirewall::new), decoder.getObject(), votes.getObject(),
                mapping.getObject(), adapter.getObject(), resolvers.orderedStream().toList()));
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter() {
            @Override
            public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                lean.get().doFilter(request, response, chain);
            }
        });
        registration.setName("leanVotes");
        registration.setOrder(ORDER);
        return registration;
    }
}

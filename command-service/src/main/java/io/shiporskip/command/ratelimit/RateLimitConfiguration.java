package io.shiporskip.command.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the limits in front of every API write, unless {@code shiporskip.rate-limits.enabled} is false. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
@ConditionalOnProperty(name = "shiporskip.rate-limits.enabled", havingValue = "true", matchIfMissing = true)
class RateLimitConfiguration {

    @Bean
    RateLimitInterceptor rateLimitInterceptor(RateLimits limits, RateLimitProperties properties, MeterRegistry meters) {
        return new RateLimitInterceptor(limits, properties, meters);
    }

    @Bean
    WebMvcConfigurer rateLimitedWrites(RateLimitInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns("/api/**");
            }
        };
    }
}

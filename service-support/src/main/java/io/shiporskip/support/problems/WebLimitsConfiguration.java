package io.shiporskip.support.problems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Registers the body size limit and the control-character guard ahead of security and MVC. */
@AutoConfiguration
public class WebLimitsConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(
            @Value("${shiporskip.web.max-body-bytes:65536}") long maxBodyBytes) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(maxBodyBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ControlCharacterGuard> controlCharacterGuard() {
        FilterRegistrationBean<ControlCharacterGuard> registration = new FilterRegistrationBean<>(new ControlCharacterGuard());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}

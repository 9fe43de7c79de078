package io.shiporskip.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Every service's OpenAPI document names the service and the bearer-token scheme, so Swagger UI can send tokens. */
@AutoConfiguration
public class OpenApiDocument {

    private static final String BEARER = "bearer-jwt";

    @Bean
    OpenAPI shipOrSkipOpenApi(@Value("${spring.application.name:shiporskip}") String service) {
        return new OpenAPI()
                .info(new Info().title("Ship or Skip — " + service).version("v1")
                        .description("See docs/api.md for rules, problem types and examples.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}

package io.shiporskip.query.tools;

import io.shiporskip.query.pagecache.CachedRoute;
import io.shiporskip.query.pagecache.Subjects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;
import java.util.function.UnaryOperator;

/** Current tool cards may be answered from memory ahead of the full path, exactly as the controller would. */
@Configuration(proxyBeanMethods = false)
class CurrentCardRoute {

    @Bean
    CachedRoute currentToolCards() {
        // the card sets no caching headers itself, so Spring Security's defaults are what the full path sends
        return new CachedRoute("/api/v1/tools/", Subjects.TOOL,
                Map.of("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate", "Pragma", "no-cache",
                        "Expires", "0"),
                UnaryOperator.identity());
    }
}

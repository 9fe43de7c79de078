package io.shiporskip.query.comparisons;

import io.shiporskip.query.pagecache.CachedReads;
import io.shiporskip.query.pagecache.CachedRoute;
import io.shiporskip.query.pagecache.Subjects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Map;

/** Current comparison pages may be answered from memory ahead of the full path, exactly as the controller would. */
@Configuration(proxyBeanMethods = false)
class CurrentPageRoute {

    @Bean
    CachedRoute currentComparisonPages(CachedReads reads, Clock clock) {
        return new CachedRoute("/api/v1/comparisons/", Subjects.COMPARISON,
                Map.of("Cache-Control", "no-cache"),
                page -> CurrentPage.withAsOf(page, reads.encode(clock.instant())));
    }
}

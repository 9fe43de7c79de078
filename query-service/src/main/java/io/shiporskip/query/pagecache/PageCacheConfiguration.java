package io.shiporskip.query.pagecache;

import io.shiporskip.query.QueryServiceProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;

/** The page cache and the thread that keeps it told of read-model changes. */
@Configuration(proxyBeanMethods = false)
class PageCacheConfiguration {

    @Bean
    PageCache pageCache(QueryServiceProperties properties) {
        return new PageCache(properties.pages().cacheSize().toBytes());
    }

    /**
     * Ahead of Spring Security (order -100) and of the request observations: an answer from memory skips both (the
     * page cache's hit counter counts it; {@code http.server.requests} does not).
     */
    @Bean
    FilterRegistrationBean<CachedAnswerShortcut> cachedAnswerShortcut(CachedReads reads, List<CachedRoute> routes) {
        FilterRegistrationBean<CachedAnswerShortcut> registration =
                new FilterRegistrationBean<>(new CachedAnswerShortcut(reads, routes));
        routes.forEach(route -> registration.addUrlPatterns(route.pathPrefix() + "*"));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SmartLifecycle servingVersionListener(PageCache cache, DataSourceProperties dataSource,
                                          QueryServiceProperties properties) {
        ServingVersionListener listener = new ServingVersionListener(() -> {
            Properties connection = new Properties();
            if (dataSource.determineUsername() != null) {
                connection.setProperty("user", dataSource.determineUsername());
            }
            if (dataSource.determinePassword() != null) {
                connection.setProperty("password", dataSource.determinePassword());
            }
            // named, so operators (and the tests) can find it in pg_stat_activity
            connection.setProperty("ApplicationName", "shiporskip-query-listener");
            connection.setProperty("tcpKeepAlive", "true");
            connection.setProperty("connectTimeout", "3");
            // a version re-read on a silently dead connection fails within this many seconds
            connection.setProperty("socketTimeout", "10");
            return DriverManager.getConnection(dataSource.determineUrl(), connection);
        }, cache, properties.pages().versionRecheck());
        boolean enabled = properties.pages().cache();
        return new SmartLifecycle() {
            private volatile Thread thread;

            @Override
            public void start() {
                if (enabled) {
                    thread = new Thread(listener, "serving-version-listener");
                    thread.setDaemon(true);
                    thread.start();
                }
            }

            @Override
            public void stop() {
                listener.stop();
                thread = null;
            }

            @Override
            public boolean isRunning() {
                return thread != null;
            }
        };
    }
}

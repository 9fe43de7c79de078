package io.shiporskip.query.pagecache;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One kind of answer that {@link CachedAnswerShortcut} may serve from memory: requests for {@code pathPrefix + slug}
 * are answered with the cache entry {@code keyPrefix + slug}, passed through {@code body} as it is sent, with the
 * caching headers the full path would set.
 */
public record CachedRoute(String pathPrefix, String keyPrefix, Map<String, String> cachingHeaders,
                          UnaryOperator<byte[]> body) {
}

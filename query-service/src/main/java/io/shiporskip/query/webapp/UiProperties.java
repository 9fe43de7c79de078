package io.shiporskip.query.webapp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Where the browser reaches the other services ({@code shiporskip.ui.*}). The command service and the projector
 * allow requests from the query service's origin only (their {@code shiporskip.cors.allowed-origins}).
 *
 * @param commandUrl   the command service as the browser sees it (votes, moderation)
 * @param projectorUrl the projector as the browser sees it (console: lag, dead letters, rebuilds)
 */
@ConfigurationProperties("shiporskip.ui")
public record UiProperties(@DefaultValue("http://localhost:8081") URI commandUrl,
                           @DefaultValue("http://localhost:8083") URI projectorUrl) {
}

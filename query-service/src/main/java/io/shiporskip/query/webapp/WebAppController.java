package io.shiporskip.query.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import io.shiporskip.support.security.SecurityProperties;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/** The app's pages (one HTML file each, the path read by its script) and its deployment settings. */
@Hidden // the web app's plumbing, not the public API (docs/api.md describes it)
@Controller
class WebAppController {

    /** What the app's scripts read at start: {@code {commandUrl, projectorUrl, devSignIn}}. */
    record UiConfig(String commandUrl, String projectorUrl, boolean devSignIn) {
    }

    private final UiConfig config;

    WebAppController(UiProperties properties, Environment environment, SecurityProperties security) {
        this.config = new UiConfig(withoutTrailingSlash(properties.commandUrl().toString()),
                withoutTrailingSlash(properties.projectorUrl().toString()),
                environment.acceptsProfiles(Profiles.of(DevSignIn.PROFILE)) && DevSignIn.available(security));
    }

    @GetMapping("/compare/{comparisonId:[a-z0-9-]{1,80}}")
    String comparison(@PathVariable String comparisonId) {
        return "forward:/app/compare.html";
    }

    @GetMapping("/console")
    String console() {
        return "forward:/app/console.html";
    }

    @GetMapping("/ui/config")
    @ResponseBody
    UiConfig config() {
        return config;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package io.shiporskip.support.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Optional;

/**
 * Who is acting: the token subject, the roles it carries, and the panel persona for panelists. {@link #actingAs}
 * names the role an action was allowed under, which is what events record.
 */
public record Actor(String id, List<Role> roles, Optional<String> persona) {

    public static Actor of(Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof Jwt jwt)) {
            throw new IllegalStateException("expected a JWT principal, got " + authentication.getPrincipal());
        }
        return new Actor(jwt.getSubject(), RolesClaim.rolesOf(jwt), Optional.ofNullable(jwt.getClaimAsString("persona")));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The role under which the actor may do something that needs {@code required}: that role, or admin. */
    public Role actingAs(Role required) {
        return has(required) ? required : Role.ADMIN;
    }
}

package io.shiporskip.support.security;

import java.util.Locale;
import java.util.Optional;

/** The roles of the {@code roles} claim. {@code ADMIN} may do everything. */
public enum Role {
    VOTER, PANELIST, EDITOR, MODERATOR, ANALYST, ADMIN;

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

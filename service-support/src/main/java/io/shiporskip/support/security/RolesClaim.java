package io.shiporskip.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Turns the {@code roles} claim into authorities; an admin is granted every role, so rules need not list it. */
public final class RolesClaim implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<Role> roles = rolesOf(jwt);
        Collection<Role> granted = roles.contains(Role.ADMIN) ? Arrays.asList(Role.values()) : roles;
        List<GrantedAuthority> authorities = new ArrayList<>();
        granted.forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    static List<Role> rolesOf(Jwt jwt) {
        List<String> claim = Optional.ofNullable(jwt.getClaimAsStringList("roles")).orElse(List.of());
        return claim.stream().map(Role::fromClaim).flatMap(Optional::stream).distinct().toList();
    }
}

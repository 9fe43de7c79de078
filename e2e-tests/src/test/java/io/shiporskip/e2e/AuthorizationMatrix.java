package io.shiporskip.e2e;

import io.shiporskip.infra.stack.Service;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every endpoint of the three services and who may call it: the one table the authorization matrix test and the
 * fuzzer are generated from. {@link SecurityIT} compares it with each service's OpenAPI document, so an endpoint
 * added without a row here fails the build.
 */
final class AuthorizationMatrix {

    /** Who sends the request. */
    enum Caller {
        ANONYMOUS, EXPIRED_TOKEN, BAD_SIGNATURE, NO_ROLES,
        VOTER, PANELIST, EDITOR, MODERATOR, ANALYST, ADMIN,
        /** A panelist whose token names another persona than the path. */
        PANELIST_OTHER_PERSONA
    }

    enum Role { VOTER, PANELIST, EDITOR, MODERATOR, ANALYST }

    /** What the caller must get: refused as unauthenticated, refused as forbidden, or let through. */
    enum Outcome { UNAUTHENTICATED_401, FORBIDDEN_403, ALLOWED }

    /**
     * One endpoint. {@code roles} empty means public. Path variables are filled from {@link #FIXTURES}; {@code body}
     * is a valid body for allowed callers (null for none); {@code personaBound}: only the path's own persona may write.
     */
    record Endpoint(Service service, String method, String path, Set<Role> roles, boolean personaBound,
                    Map<String, Object> body) {

        String key() {
            return service + " " + method + " " + path;
        }

        boolean isPublic() {
            return roles.isEmpty();
        }

        boolean isWrite() {
            return !method.equals("GET");
        }

        String concretePath() {
            String concrete = path;
            for (Map.Entry<String, String> fixture : FIXTURES.entrySet()) {
                concrete = concrete.replace("{" + fixture.getKey() + "}", fixture.getValue());
            }
            return concrete;
        }

        Outcome expectedFor(Caller caller) {
            return switch (caller) {
                // an invalid token is refused even where none is needed: the client should know it is broken
                case EXPIRED_TOKEN, BAD_SIGNATURE -> Outcome.UNAUTHENTICATED_401;
                case ANONYMOUS -> isPublic() ? Outcome.ALLOWED : Outcome.UNAUTHENTICATED_401;
                case ADMIN -> Outcome.ALLOWED;
                case NO_ROLES -> isPublic() ? Outcome.ALLOWED : Outcome.FORBIDDEN_403;
                case PANELIST_OTHER_PERSONA -> personaBound ? Outcome.FORBIDDEN_403 : expectedFor(Caller.PANELIST);
                default -> isPublic() || roles.contains(Role.valueOf(caller.name()))
                        ? Outcome.ALLOWED : Outcome.FORBIDDEN_403;
            };
        }
    }

    /** The values path variables take: a tool, comparison, persona and voter that exist once the test set them up. */
    static final Map<String, String> FIXTURES = Map.of(
            "toolId", "matrix-tool", "comparisonId", "matrix-comparison", "persona", "BUILDER",
            "voterId", "matrix-voter", "voterKey", "bWF0cml4LXZvdGVy", "id", "1",
            "rebuildId", "00000000-0000-0000-0000-000000000000");

    private static final Set<Role> PUBLIC = Set.of();
    private static final Map<String, Object> REASON = Map.of("reason", "authorization matrix");

    static final List<Endpoint> ENDPOINTS = List.of(
            // command service: writes
            write("POST", "/api/v1/tools", EnumSet.of(Role.EDITOR), RunningStack.tool("matrix-new-tool", "New")),
            write("PATCH", "/api/v1/tools/{toolId}", EnumSet.of(Role.EDITOR), Map.of("tagline", "Edited by the matrix")),
            write("POST", "/api/v1/comparisons", EnumSet.of(Role.EDITOR),
                    Map.of("title", "Matrix comparison", "toolIds", List.of("matrix-tool", "matrix-other"))),
            new Endpoint(Service.COMMAND, "PUT", "/api/v1/tools/{toolId}/reviews/{persona}", EnumSet.of(Role.PANELIST),
                    true, Map.of("score", 70, "verdict", "SHIP", "text", "Fine.")),
            new Endpoint(Service.COMMAND, "DELETE", "/api/v1/tools/{toolId}/reviews/{persona}",
                    EnumSet.of(Role.PANELIST), true, null),
            write("PUT", "/api/v1/tools/{toolId}/vote", EnumSet.of(Role.VOTER), Map.of("choice", "SHIP")),
            write("DELETE", "/api/v1/tools/{toolId}/vote", EnumSet.of(Role.VOTER), null),
            write("PUT", "/api/v1/me/bookmarks/{toolId}", EnumSet.of(Role.VOTER), null),
            write("DELETE", "/api/v1/me/bookmarks/{toolId}", EnumSet.of(Role.VOTER), null),
            write("POST", "/api/v1/moderation/tools/{toolId}/votes/{voterId}/void", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/voters/{voterId}/suspend", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/voters/{voterId}/reinstate", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/tools/{toolId}/votes/by-key/{voterKey}/void", EnumSet.of(Role.MODERATOR),
                    REASON),
            write("POST", "/api/v1/moderation/voters/by-key/{voterKey}/suspend", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/voters/by-key/{voterKey}/reinstate", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/tools/{toolId}/reviews/{persona}/hide", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/tools/{toolId}/reviews/{persona}/unhide", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/tools/{toolId}/lock", EnumSet.of(Role.MODERATOR), REASON),
            write("POST", "/api/v1/moderation/tools/{toolId}/unlock", EnumSet.of(Role.MODERATOR), REASON),
            // query service: reads
            read(Service.QUERY, "/api/v1/comparisons", PUBLIC),
            read(Service.QUERY, "/api/v1/comparisons/{comparisonId}", PUBLIC),
            read(Service.QUERY, "/api/v1/tools/{toolId}", PUBLIC),
            read(Service.QUERY, "/api/v1/tools/{toolId}/history", EnumSet.of(Role.MODERATOR, Role.ANALYST)),
            read(Service.QUERY, "/api/v1/comparisons/{comparisonId}/history", EnumSet.of(Role.MODERATOR, Role.ANALYST)),
            read(Service.QUERY, "/api/v1/analytics/tools/{toolId}/votes", EnumSet.of(Role.MODERATOR, Role.ANALYST)),
            read(Service.QUERY, "/api/v1/analytics/movers", EnumSet.of(Role.MODERATOR, Role.ANALYST)),
            read(Service.QUERY, "/api/v1/moderation/vote-bursts", EnumSet.of(Role.MODERATOR)),
            read(Service.QUERY, "/api/v1/voters/{voterId}/history", EnumSet.of(Role.MODERATOR)),
            read(Service.QUERY, "/api/v1/voters/by-key/{voterKey}/history", EnumSet.of(Role.MODERATOR)),
            read(Service.QUERY, "/api/v1/me/votes", EnumSet.of(Role.VOTER)),
            read(Service.QUERY, "/api/v1/me/bookmarks", EnumSet.of(Role.VOTER)),
            // projector: administration
            read(Service.PROJECTOR, "/api/v1/admin/projections", EnumSet.of(Role.MODERATOR)),
            read(Service.PROJECTOR, "/api/v1/admin/dead-letters", EnumSet.of(Role.MODERATOR)),
            new Endpoint(Service.PROJECTOR, "POST", "/api/v1/admin/dead-letters/{id}/retry", EnumSet.of(Role.MODERATOR),
                    false, null),
            new Endpoint(Service.PROJECTOR, "POST", "/api/v1/admin/dead-letters/{id}/skip", EnumSet.of(Role.MODERATOR),
                    false, REASON),
            new Endpoint(Service.PROJECTOR, "POST", "/api/v1/admin/verifications", EnumSet.of(Role.MODERATOR), false,
                    Map.of()),
            new Endpoint(Service.PROJECTOR, "POST", "/api/v1/admin/rebuilds", EnumSet.of(Role.MODERATOR), false,
                    Map.of("source", "KAFKA")),
            read(Service.PROJECTOR, "/api/v1/admin/rebuilds", EnumSet.of(Role.MODERATOR)),
            read(Service.PROJECTOR, "/api/v1/admin/rebuilds/{rebuildId}", EnumSet.of(Role.MODERATOR)),
            new Endpoint(Service.PROJECTOR, "DELETE", "/api/v1/admin/rebuilds/{rebuildId}", EnumSet.of(Role.MODERATOR),
                    false, null));

    private AuthorizationMatrix() {
    }

    private static Endpoint write(String method, String path, Set<Role> roles, Map<String, Object> body) {
        return new Endpoint(Service.COMMAND, method, path, roles, false, body);
    }

    private static Endpoint read(Service service, String path, Set<Role> roles) {
        return new Endpoint(service, "GET", path, roles, false, null);
    }
}

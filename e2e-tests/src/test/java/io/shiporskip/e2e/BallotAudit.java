package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shiporskip.e2e.RaceLedger.Action;
import io.shiporskip.e2e.RaceLedger.Answer;
import io.shiporskip.infra.postgres.PostgresEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The stored side of a race, read with plain SQL and folded here by the rules of docs/events.md, not by the
 * product's code: every stream's sequence numbers, each ballot replayed as a state machine, every acknowledged answer
 * matched with the event its consistency token names, suspensions checked in store order, and the tallies of what
 * was acknowledged set beside the tallies of what was stored.
 */
final class BallotAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VOTER_ACTIONS = Set.of("VoteCast", "VoteChanged", "VoteRetracted");

    /** One stored event; {@code after} is the ballot's choice once it applied (null: no current vote). */
    record Stored(String id, String stream, long seq, long global, String type, String toolId, String voterId,
                  String before, String after, String commandId) {
    }

    record Tally(long ship, long skip) {
    }

    /** What the audit found: every breach, the tallies by tool both ways, and what became of acknowledged votes. */
    record Findings(List<String> violations, Map<String, Tally> acknowledged, Map<String, Tally> stored,
                    long stillCounted, long voided, long superseded) {
    }

    private final Map<String, List<Stored>> streams;
    private final Map<String, Stored> byId = new HashMap<>();
    private final Map<String, List<Stored>> byCommand = new HashMap<>();

    private BallotAudit(Map<String, List<Stored>> streams) {
        this.streams = streams;
        for (List<Stored> stream : streams.values()) {
            for (Stored e : stream) {
                byId.put(e.id(), e);
                if (e.commandId() != null) {
                    byCommand.computeIfAbsent(e.commandId(), c -> new ArrayList<>()).add(e);
                }
            }
        }
    }

    /** Reads every stored event of the database (one test class's own database). */
    static BallotAudit read(PostgresEndpoint database) {
        Map<String, List<Stored>> streams = new LinkedHashMap<>();
        String sql = """
                SELECT event_identifier, aggregate_identifier, sequence_number, global_index, payload_type,
                       convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')
                FROM event_store.domain_event_entry ORDER BY aggregate_identifier, sequence_number
                """;
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String type = rs.getString(5).substring(rs.getString(5).lastIndexOf('.') + 1);
                JsonNode data = JSON.readTree(rs.getString(6));
                JsonNode meta = rs.getString(7) == null ? JSON.createObjectNode() : JSON.readTree(rs.getString(7));
                String before = switch (type) {
                    case "VoteChanged" -> data.path("from").asText(null);
                    case "VoteRetracted", "VoteVoided" -> data.path("previous").asText(null);
                    default -> null;
                };
                String after = switch (type) {
                    case "VoteCast" -> data.path("choice").asText(null);
                    case "VoteChanged" -> data.path("to").asText(null);
                    default -> null;
                };
                Stored event = new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), type,
                        data.path("toolId").asText(null), data.path("voterId").asText(null), before, after,
                        meta.path("commandId").asText(null));
                streams.computeIfAbsent(event.stream(), k -> new ArrayList<>()).add(event);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BallotAudit(streams);
    }

    static String ballot(String tool, String voter) {
        return "ballot:" + tool + ":" + voter;
    }

    /**
     * Audits the ballots on {@code tools} against the answers. {@code sequentialVoter}: the voters each driven by
     * one thread alone, whose answers on one ballot must have been stored in the order they arrived.
     */
    Findings audit(Collection<Answer> answers, Set<String> tools, Predicate<String> sequentialVoter) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<Stored>> stream : streams.entrySet()) {
            List<Stored> events = stream.getValue();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).seq() != i) {
                    violations.add("stream " + stream.getKey() + " has sequence numbers "
                            + events.stream().map(Stored::seq).toList() + ", not 0.." + (events.size() - 1));
                    break;
                }
            }
        }
        Map<String, List<Stored>> ballots = new TreeMap<>();
        streams.forEach((id, events) -> {
            if (id.startsWith("ballot:") && tools.contains(id.split(":")[1])) {
                ballots.put(id, events);
            }
        });
        ballots.forEach((id, events) -> replay(id, events, violations));

        Map<String, Answer> claims = new HashMap<>();
        Set<String> unknownOutcomes = new HashSet<>();
        for (Answer answer : answers) {
            if (answer.status() == -1 || answer.status() >= 500) {
                unknownOutcomes.add(answer.voter() + (answer.tool() == null ? "" : "@" + answer.tool()));
            }
            if (answer.succeeded()) {
                match(answer, claims, violations);
            }
        }
        long counted = 0;
        long voided = 0;
        long superseded = 0;
        for (List<Stored> events : ballots.values()) {
            for (int i = 0; i < events.size(); i++) {
                Stored e = events.get(i);
                Answer claim = claims.get(e.id());
                if (claim == null) {
                    boolean unknown = unknownOutcomes.contains(e.voterId() + "@" + e.toolId())
                            || unknownOutcomes.contains(e.voterId());
                    violations.add(e.type() + " " + e.id() + " in " + e.stream() + " at " + e.seq()
                            + " was stored but no answer acknowledged it"
                            + (unknown ? " (a request of that ballot had no answer)" : ""));
                } else if (claim.action() == Action.VOTE) {
                    String fate = i + 1 == events.size() ? "counted" : events.get(i + 1).type();
                    switch (fate) {
                        case "counted" -> counted++;
                        case "VoteVoided" -> voided++;
                        default -> superseded++;
                    }
                }
            }
        }
        inClientOrder(answers.stream().filter(a -> a.voter() != null && sequentialVoter.test(a.voter())).toList(),
                violations);
        suspensionsInStoreOrder(ballots, violations);
        return new Findings(violations, acknowledgedTallies(ballots, claims, tools), storedTallies(ballots, tools),
                counted, voided, superseded);
    }

    /** A ballot's events must follow one another: cast on none, change and take back only the current choice. */
    private static void replay(String id, List<Stored> events, List<String> violations) {
        String current = null;
        for (Stored e : events) {
            boolean fits = switch (e.type()) {
                case "VoteCast" -> current == null && e.after() != null;
                case "VoteChanged" -> current != null && current.equals(e.before()) && !current.equals(e.after());
                case "VoteRetracted", "VoteVoided" -> current != null && current.equals(e.before());
                default -> false;
            };
            if (!fits || !id.equals(ballot(e.toolId(), e.voterId()))) {
                violations.add("ballot " + id + ": " + e.type() + " " + e.before() + "->" + e.after() + " at "
                        + e.seq() + " does not follow from current choice " + current);
            }
            current = e.after();
        }
    }

    /** The event an answer's token names must be in the store, of the right kind, in the right stream. */
    private void match(Answer answer, Map<String, Answer> claims, List<String> violations) {
        String what = answer.action() + " " + answer.tool() + " " + answer.voter() + " " + answer.choice() + " ("
                + answer.status() + ")";
        String[] token = decode(answer.token());
        if (token == null) {
            if (answer.action() != Action.REINSTATE || answer.token() != null) {
                violations.add(what + ": token " + answer.token() + " is not of the documented forms");
            }
            return;
        }
        if (answer.action() == Action.SUSPEND && token.length == 3) {
            List<Stored> events = byCommand.getOrDefault(token[2], List.of());
            if (events.size() != Integer.parseInt(token[1])) {
                violations.add(what + ": token counts " + token[1] + " events of command " + token[2] + ", the store "
                        + events.size());
            }
            for (Stored e : events) {
                boolean own = e.type().equals("VoterSuspended") ? e.stream().equals("voter:" + answer.voter())
                        : e.type().equals("VoteVoided") && answer.voter().equals(e.voterId());
                if (!own) {
                    violations.add(what + ": its command stored " + e.type() + " in " + e.stream());
                } else if (e.type().equals("VoteVoided")) {
                    claim(e, answer, claims, violations);
                }
            }
            return;
        }
        Stored named = token.length == 1 ? byId.get(token[0]) : null;
        if (named == null) {
            violations.add(what + ": its token names no stored event (" + String.join(":", token) + ")");
            return;
        }
        boolean fits = switch (answer.action()) {
            case VOTE -> named.stream().equals(ballot(answer.tool(), answer.voter()))
                    && answer.choice().equals(named.after());
            case RETRACT -> named.stream().equals(ballot(answer.tool(), answer.voter()))
                    && named.type().equals("VoteRetracted");
            case SUSPEND -> named.stream().equals("voter:" + answer.voter()) && named.type().equals("VoterSuspended");
            case REINSTATE -> named.stream().equals("voter:" + answer.voter());
            case LOCK, UNLOCK -> named.stream().equals(answer.tool());
        };
        if (!fits) {
            violations.add(what + ": its token names " + named.type() + " in " + named.stream() + " -> "
                    + named.after());
        } else if ((answer.action() == Action.VOTE && answer.changed()) || answer.action() == Action.RETRACT) {
            claim(named, answer, claims, violations);
        }
    }

    private static void claim(Stored event, Answer answer, Map<String, Answer> claims, List<String> violations) {
        Answer earlier = claims.putIfAbsent(event.id(), answer);
        if (earlier != null) {
            violations.add(event.type() + " " + event.id() + " acknowledged twice: " + earlier + " and " + answer);
        }
    }

    /** {eventId} for an event token, {"c", count, commandId} for a command token, null for anything else. */
    static String[] decode(String token) {
        if (token == null) {
            return null;
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        if (plain.startsWith("e1:")) {
            return new String[] {plain.substring(3)};
        }
        String[] parts = plain.split(":", 3);
        return parts.length == 3 && parts[0].equals("c1") ? new String[] {"c", parts[1], parts[2]} : null;
    }

    /** One thread's voter: its acknowledged changes of one ballot are stored in the order they were answered. */
    private void inClientOrder(Collection<Answer> answers, List<String> violations) {
        Map<String, List<Answer>> byBallot = new HashMap<>();
        for (Answer a : answers) {
            if ((a.action() == Action.VOTE && a.status() == 200 && a.changed())
                    || (a.action() == Action.RETRACT && a.status() == 204)) {
                byBallot.computeIfAbsent(ballot(a.tool(), a.voter()), k -> new ArrayList<>()).add(a);
            }
        }
        for (List<Answer> list : byBallot.values()) {
            list.sort(Comparator.comparingLong(Answer::order));
            long last = -1;
            for (Answer a : list) {
                String[] token = decode(a.token());
                Stored e = token == null || token.length != 1 ? null : byId.get(token[0]);
                if (e != null && e.seq() <= last) {
                    violations.add(e.stream() + ": answer " + a.order() + " stored at " + e.seq()
                            + ", before an earlier answer's event at " + last);
                }
                last = e == null ? last : e.seq();
            }
        }
    }

    /**
     * A suspension's row lock orders it against every vote of the voter: in store order, no vote of a suspended voter
     * is cast, changed or taken back, and once suspended (until reinstated, or at the end) no vote of theirs counts.
     */
    private void suspensionsInStoreOrder(Map<String, List<Stored>> ballots, List<String> violations) {
        Map<String, List<Stored>> byVoter = new HashMap<>();
        for (List<Stored> events : ballots.values()) {
            for (Stored e : events) {
                byVoter.computeIfAbsent(e.voterId(), v -> new ArrayList<>()).add(e);
            }
        }
        for (Map.Entry<String, List<Stored>> voter : byVoter.entrySet()) {
            List<Stored> merged = new ArrayList<>(voter.getValue());
            merged.addAll(streams.getOrDefault("voter:" + voter.getKey(), List.of()));
            merged.sort(Comparator.comparingLong(Stored::global));
            boolean suspended = false;
            Map<String, String> current = new HashMap<>();
            for (Stored e : merged) {
                switch (e.type()) {
                    case "VoterSuspended" -> suspended = true;
                    case "VoterReinstated" -> {
                        stillCounting(voter.getKey(), current, "reinstated at " + e.global(), violations);
                        suspended = false;
                    }
                    default -> {
                        if (suspended && VOTER_ACTIONS.contains(e.type())) {
                            violations.add(e.stream() + ": " + e.type() + " at global index " + e.global()
                                    + " while the voter was suspended");
                        }
                        current.put(e.stream(), e.after());
                    }
                }
            }
            if (suspended) {
                stillCounting(voter.getKey(), current, "still suspended at the end", violations);
            }
        }
    }

    private static void stillCounting(String voter, Map<String, String> current, String when, List<String> violations) {
        current.forEach((ballot, choice) -> {
            if (choice != null) {
                violations.add(ballot + ": vote " + choice + " still counted when " + voter + " was " + when);
            }
        });
    }

    /** The truth from the answers: each ballot's acknowledged changes and acknowledged voids, in store order. */
    private Map<String, Tally> acknowledgedTallies(Map<String, List<Stored>> ballots, Map<String, Answer> claims,
                                                   Set<String> tools) {
        Map<String, String> finals = new HashMap<>();
        ballots.forEach((id, events) -> {
            String current = null;
            for (Stored e : events) {
                Answer a = claims.get(e.id());
                if (a != null) {
                    current = a.action() == Action.VOTE ? a.choice() : null;
                }
            }
            finals.put(id, current);
        });
        return tallies(finals, tools);
    }

    /** The truth from the store alone: each ballot's last event. */
    private static Map<String, Tally> storedTallies(Map<String, List<Stored>> ballots, Set<String> tools) {
        Map<String, String> finals = new HashMap<>();
        ballots.forEach((id, events) -> finals.put(id, events.get(events.size() - 1).after()));
        return tallies(finals, tools);
    }

    private static Map<String, Tally> tallies(Map<String, String> finals, Set<String> tools) {
        Map<String, Tally> tallies = new TreeMap<>();
        for (String tool : tools) {
            long ship = 0;
            long skip = 0;
            for (Map.Entry<String, String> e : finals.entrySet()) {
                if (e.getKey().split(":")[1].equals(tool)) {
                    ship += "SHIP".equals(e.getValue()) ? 1 : 0;
                    skip += "SKIP".equals(e.getValue()) ? 1 : 0;
                }
            }
            tallies.put(tool, new Tally(ship, skip));
        }
        return tallies;
    }
}

package io.shiporskip.support.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of every Kafka client the services make, in layers, later ones over earlier ones:
 * <ol>
 *   <li>the site's <em>defaults</em>: tuning the project chose (timeouts, linger, compression, client ids) that an
 *       operator may change;</li>
 *   <li>{@code spring.kafka.bootstrap-servers}, {@code spring.kafka.security.protocol}, {@code spring.kafka.ssl.*};</li>
 *   <li>{@code spring.kafka.properties.*} (every client), then {@code spring.kafka.<producer|consumer|admin>.properties.*};</li>
 *   <li>the site's <em>rules</em>: settings correctness depends on (acks=all and idempotence for the relay, no
 *       auto-commit because offsets are stored with the read models, the projector's group id, ...). A user setting of
 *       a rule's key to another value is refused at start ({@link ConflictingKafkaSetting}) rather than silently
 *       ignored or silently obeyed.</li>
 * </ol>
 * Pure: builds maps, opens no connection. Serializers and deserializers are passed to the clients' constructors as
 * instances, which Kafka uses over any configured class.
 */
public final class KafkaClients {

    private final KafkaSettings settings;

    public KafkaClients(KafkaSettings settings) {
        this.settings = Objects.requireNonNull(settings);
    }

    /** A user setting contradicts a rule of the project; the message names both. */
    public static final class ConflictingKafkaSetting extends IllegalStateException {
        ConflictingKafkaSetting(String message) {
            super(message);
        }
    }

    public Map<String, Object> producer(String client, Map<String, ?> defaults, Map<String, ?> rules) {
        return layered(client, "producer", settings.producer(), defaults, rules);
    }

    public Map<String, Object> consumer(String client, Map<String, ?> defaults, Map<String, ?> rules) {
        return layered(client, "consumer", settings.consumer(), defaults, rules);
    }

    public Map<String, Object> admin(String client, Map<String, ?> defaults) {
        return layered(client, "admin", settings.admin(), defaults, Map.of());
    }

    /** The bootstrap servers as Kafka takes them (comma-separated), for log lines and health details. */
    public String bootstrapServers() {
        return String.join(",", settings.bootstrapServers());
    }

    private Map<String, Object> layered(String client, String kind, KafkaSettings.Client own,
                                        Map<String, ?> defaults, Map<String, ?> rules) {
        Map<String, Object> config = new LinkedHashMap<>(defaults);
        // where each user setting came from, to name it when it contradicts a rule
        Map<String, String> origin = new LinkedHashMap<>();
        if (settings.bootstrapServers().isEmpty()) {
            throw new IllegalStateException("spring.kafka.bootstrap-servers is not set (environment: "
                    + "KAFKA_BOOTSTRAP_SERVERS or SPRING_KAFKA_BOOTSTRAP_SERVERS)");
        }
        put(config, origin, "bootstrap.servers", bootstrapServers(), "spring.kafka.bootstrap-servers");
        put(config, origin, "security.protocol", settings.security().protocol(), "spring.kafka.security.protocol");
        KafkaSettings.Ssl ssl = settings.ssl();
        put(config, origin, "ssl.key.password", ssl.keyPassword(), "spring.kafka.ssl.key-password");
        put(config, origin, "ssl.keystore.location", path(ssl.keyStoreLocation()), "spring.kafka.ssl.key-store-location");
        put(config, origin, "ssl.keystore.password", ssl.keyStorePassword(), "spring.kafka.ssl.key-store-password");
        put(config, origin, "ssl.keystore.type", ssl.keyStoreType(), "spring.kafka.ssl.key-store-type");
        put(config, origin, "ssl.keystore.certificate.chain", ssl.keyStoreCertificateChain(),
                "spring.kafka.ssl.key-store-certificate-chain");
        put(config, origin, "ssl.keystore.key", ssl.keyStoreKey(), "spring.kafka.ssl.key-store-key");
        put(config, origin, "ssl.truststore.location", path(ssl.trustStoreLocation()),
                "spring.kafka.ssl.trust-store-location");
        put(config, origin, "ssl.truststore.password", ssl.trustStorePassword(), "spring.kafka.ssl.trust-store-password");
        put(config, origin, "ssl.truststore.type", ssl.trustStoreType(), "spring.kafka.ssl.trust-store-type");
        put(config, origin, "ssl.truststore.certificates", ssl.trustStoreCertificates(),
                "spring.kafka.ssl.trust-store-certificates");
        put(config, origin, "ssl.protocol", ssl.protocol(), "spring.kafka.ssl.protocol");
        settings.properties().forEach((key, value) -> {
            requireKnown(key, KnownKafkaSettings.ANY_CLIENT, "spring.kafka.properties." + key);
            putAsGiven(config, origin, key, value, "spring.kafka.properties." + key);
        });
        own.properties().forEach((key, value) -> {
            String source = "spring.kafka." + kind + ".properties." + key;
            requireKnown(key, KnownKafkaSettings.of(kind), source);
            putAsGiven(config, origin, key, value, source);
        });
        rules.forEach((key, rule) -> {
            String source = origin.get(key);
            if (source != null && !same(config.get(key), rule)) {
                throw new ConflictingKafkaSetting(source + "=" + config.get(key) + " contradicts a rule of the "
                        + client + " (" + kind + "): " + key + " must be " + rule
                        + "; remove the setting (see docs/operations.md, \"Kafka security\")");
            }
            config.put(key, rule);
        });
        return config;
    }

    private static void put(Map<String, Object> config, Map<String, String> origin, String key, Object value,
                            String source) {
        if (value != null && !(value instanceof String text && text.isBlank())) {
            config.put(key, value);
            origin.put(key, source);
        }
    }

    /**
     * A free-form property as given, blank included: an empty value means something to Kafka (an empty
     * {@code ssl.endpoint.identification.algorithm} turns hostname verification off for brokers advertised by address).
     */
    private static void putAsGiven(Map<String, Object> config, Map<String, String> origin, String key, Object value,
                                   String source) {
        if (value != null) {
            config.put(key, value);
            origin.put(key, source);
        }
    }

    /** A key Kafka does not know (a typo such as {@code sasl.mechanisms}) is refused at start, not ignored. */
    private static void requireKnown(String key, java.util.Set<String> known, String source) {
        if (!known.contains(key)) {
            throw new UnknownKafkaSetting(source + " is not a setting of Kafka's clients (kafka-clients "
                    + org.apache.kafka.common.utils.AppInfoParser.getVersion() + "); check its spelling against "
                    + "https://kafka.apache.org/documentation/#configuration or remove it");
        }
    }

    /** A setting that Kafka's clients would not read; the message names it. */
    public static final class UnknownKafkaSetting extends IllegalStateException {
        UnknownKafkaSetting(String message) {
            super(message);
        }
    }

    /** Boot writes store locations as resources ({@code file:/etc/kafka/truststore.p12}); Kafka wants a path. */
    private static String path(String location) {
        return location != null && location.startsWith("file:") ? location.substring("file:".length()) : location;
    }

    private static boolean same(Object set, Object rule) {
        return String.valueOf(set).trim().equalsIgnoreCase(String.valueOf(rule));
    }
}

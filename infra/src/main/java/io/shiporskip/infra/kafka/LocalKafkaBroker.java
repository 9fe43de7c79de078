package io.shiporskip.infra.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM. The data
 * directory persists across restarts when the caller keeps it; formatting is skipped for a formatted directory.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    /**
     * A second, authenticated listener beside the plaintext one, as a production cluster has: SASL_SSL on
     * 127.0.0.1:{@code port}, TLS with the given key store, SASL/PLAIN with these users (name to password). The
     * plaintext listener stays for the broker's own traffic and for tests' admin clients.
     *
     * @param port         the listener's port
     * @param certificates the broker's key store (see {@link BrokerCertificates})
     * @param users        user name to password; any of them may do anything (no authorizer)
     */
    public record SaslSslListener(int port, BrokerCertificates certificates, Map<String, String> users) {
        public SaslSslListener {
            users = Map.copyOf(users);
        }

        public String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        /** The client's {@code sasl.jaas.config} for one user of SASL/PLAIN. */
        public static String jaasConfig(String user, String password) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private final int port;
    private final KafkaRaftServer server;

    private LocalKafkaBroker(int port, KafkaRaftServer server) {
        this.port = port;
        this.server = server;
    }

    /** Formats {@code dataDir} if needed and starts the broker on 127.0.0.1:{@code port}. */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        return start(dataDir, port, controllerPort, null);
    }

    /**
     * Formats {@code dataDir} if needed and starts the broker on 127.0.0.1:{@code port}, plus an authenticated
     * listener when {@code secure} is not null.
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort, SaslSslListener secure)
            throws IOException {
        Files.createDirectories(dataDir);
        String logDir = dataDir.toAbsolutePath().toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        if (secure != null) {
            addSaslSsl(props, secure);
        }
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Kafka broker listening on 127.0.0.1:{} (data in {})", port, logDir);
        return new LocalKafkaBroker(port, server);
    }

    /**
     * SASL/PLAIN over TLS (Kafka's listener-prefixed settings, {@code listener.name.sasl_ssl.*}). PLAIN, not SCRAM:
     * in KRaft, SCRAM credentials live in the cluster metadata and must be added at format time or through the
     * admin API after start; PLAIN's users are in the listener's JAAS configuration. Clients authenticate the same way.
     */
    private static void addSaslSsl(Properties props, SaslSslListener secure) {
        String listener = "SASL_SSL://127.0.0.1:" + secure.port();
        props.put("listeners", props.get("listeners") + "," + listener);
        props.put("advertised.listeners", props.get("advertised.listeners") + "," + listener);
        props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
        String prefix = "listener.name.sasl_ssl.";
        props.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        secure.users().forEach((user, password) ->
                jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        props.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
        BrokerCertificates tls = secure.certificates();
        props.put(prefix + "ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
        props.put(prefix + "ssl.keystore.password", tls.password());
        props.put(prefix + "ssl.keystore.type", "PKCS12");
        props.put(prefix + "ssl.key.password", tls.password());
    }

    private static void format(String logDir) throws IOException {
        if (Files.exists(Path.of(logDir, "meta.properties"))) {
            return; // formatted by an earlier start: keep its cluster id and data
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IOException("could not format Kafka storage in " + logDir, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Creates the topics that do not exist yet and waits until every partition has a leader: producing before
     * that can leave an idempotent producer retrying forever.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            for (var topic : partitionsByTopic.entrySet()) {
                NewTopic newTopic = new NewTopic(topic.getKey(), topic.getValue(), (short) 1)
                        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"));
                try {
                    admin.createTopics(List.of(newTopic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, partitionsByTopic.keySet().stream().toList(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> topics, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
                boolean allLed = descriptions.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException retryable) {
                // metadata not propagated yet: ask again
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("partitions of " + topics + " have no leader after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Deletes a topic and creates it again: same name, new topic id, empty partitions. */
    public void recreateTopic(String topic, int partitions, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.deleteTopics(List.of(topic)).all().get();
            Instant deadline = Instant.now().plus(timeout);
            while (admin.listTopics().names().get().contains(topic)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("topic " + topic + " still exists after " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not delete topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting " + topic, e);
        }
        createTopics(Map.of(topic, partitions), timeout);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}

package io.shiporskip.infra.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS key pair for a broker on 127.0.0.1 and a trust store holding its certificate, made on the spot with the JDK's
 * {@code keytool} (no key material in the repository). PKCS12, self-signed, valid for 2 days, subject alternative
 * names {@code IP:127.0.0.1} and {@code DNS:localhost} so clients verify the host name as they do in production.
 *
 * @param keyStore   the broker's key store (PKCS12)
 * @param trustStore the clients' trust store (PKCS12), the broker's certificate only
 * @param password   the password of both stores and of the key
 */
public record BrokerCertificates(Path keyStore, Path trustStore, String password) {

    /** Makes both stores in {@code dir} (created if missing); a random password. */
    public static BrokerCertificates generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = java.util.UUID.randomUUID().toString().replace("-", "");
        Path keyStore = dir.resolve("broker-keystore.p12");
        Path certificate = dir.resolve("broker.pem");
        Path trustStore = dir.resolve("client-truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                "-keystore", keyStore.toString(), "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
        return new BrokerCertificates(keyStore, trustStore, password);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + output);
        }
    }
}

package io.shiporskip.infra.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three deployable services, their default ports (api.md) and the environment variable for each port. */
public enum Service {
    COMMAND("command-service", 8081, "COMMAND_PORT"),
    QUERY("query-service", 8082, "QUERY_PORT"),
    PROJECTOR("projector", 8083, "PROJECTOR_PORT");

    private final String module;
    private final int defaultPort;
    private final String portVariable;

    Service(String module, int defaultPort, String portVariable) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.portVariable = portVariable;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String portVariable() {
        return portVariable;
    }

    /** The runnable jar Maven builds for this service: {@code <module>/target/<module>-<version>-exec.jar}. */
    public Path jarIn(Path repositoryRoot) throws IOException {
        Path target = repositoryRoot.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            }
        }
        throw new IOException("no " + module + " jar in " + target + ": build first (mvn -B -DskipTests install)");
    }
}

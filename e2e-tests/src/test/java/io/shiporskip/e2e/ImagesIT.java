package io.shiporskip.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.shiporskip.infra.stack.Service;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The image tarballs the build makes with Jib ({@code <module>/target/<module>-image.tar}, the same as
 * {@code ./shiporskip images}): entrypoint, non-root user, exposed port and environment in each config, and a
 * filesystem that holds what the entrypoint runs. No container engine exists here to run them (docs/operations.md).
 */
class ImagesIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath()
            .normalize();
    private static final Map<Service, String> MAIN_CLASSES = Map.of(
            Service.COMMAND, "io.shiporskip.command.CommandServiceApplication",
            Service.QUERY, "io.shiporskip.query.QueryServiceApplication",
            Service.PROJECTOR, "io.shiporskip.projector.ProjectorApplication");
    /** docs/api.md and docs/operations.md. */
    private static final Map<Service, String> PORTS = Map.of(
            Service.COMMAND, "8081/tcp", Service.QUERY, "8082/tcp", Service.PROJECTOR, "8083/tcp");

    @Test
    void every_service_image_runs_its_application_as_a_non_root_user_with_container_heap_settings() throws Exception {
        for (Service service : Service.values()) {
            JsonNode config = image(service).config;

            assertThat(strings(config.get("Entrypoint"))).as(service.module()).containsExactly("java",
                    "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp", "@/app/jib-classpath-file",
                    MAIN_CLASSES.get(service));
            assertThat(config.get("User").asText()).as(service.module()).isEqualTo("10001:10001");
            assertThat(fieldNames(config.get("ExposedPorts"))).as(service.module()).containsExactly(PORTS.get(service));
            assertThat(strings(config.get("Env"))).as(service.module()).contains("JAVA_HOME=/opt/java/openjdk",
                    "LANG=C.UTF-8").anySatisfy(env -> assertThat(env).startsWith("PATH=/opt/java/openjdk/bin:"));
        }
    }

    @Test
    void every_image_holds_the_runtime_its_libraries_the_user_and_each_jar_of_its_classpath() throws Exception {
        for (Service service : Service.values()) {
            ImageTarball image = image(service);

            ImageTarball.Entry java = image.files.get("/opt/java/openjdk/bin/java");
            assertThat(java).as(service.module()).isNotNull();
            assertThat(java.mode() & 0777).isEqualTo(0755);
            assertThat(image.files).as(service.module()).containsKeys("/lib64/ld-linux-x86-64.so.2",
                    "/opt/java/openjdk/lib/server/libjvm.so", "/opt/java/openjdk/lib/security/cacerts");
            assertThat(image.files.get("/etc/passwd").text()).contains("shiporskip:x:10001:10001:");
            assertThat(image.files.get("/tmp").mode() & 0777).isEqualTo(0777);
            String classpath = image.files.get("/app/jib-classpath-file").text().trim();
            assertThat(classpath.split(":")).as(service.module()).hasSizeGreaterThan(50)
                    .allSatisfy(entry -> assertThat(image.files).containsKey(entry));
        }
    }

    private static final Map<Service, ImageTarball> READ = new EnumMap<>(Service.class);

    private static synchronized ImageTarball image(Service service) throws Exception {
        if (READ.containsKey(service)) {
            return READ.get(service);
        }
        assumeThat(System.getProperty("os.name")).as("the images' local base is assembled on Linux only")
                .isEqualTo("Linux");
        Path tarball = REPOSITORY.resolve(service.module()).resolve("target").resolve(service.module() + "-image.tar");
        assertThat(tarball).as("built by mvn package (or ./shiporskip images)").isRegularFile();
        READ.put(service, new ImageTarball(tarball));
        return READ.get(service);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package io.shiporskip.e2e.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The modules' boundaries, checked on their compiled main classes (each module's {@code target/classes}, which the
 * reactor builds before this module): here because only this module sees all of them. A service reaches another only
 * through the published language ({@code contracts}) and the shared {@code service-support}, never into its classes;
 * {@code contracts} stays free of frameworks; feature packages within a service do not form cycles.
 */
class ModuleBoundariesTest {

    /** Module directory and its root package. */
    private static final List<String[]> MODULES = List.of(
            new String[]{"contracts", "io.shiporskip.contracts"},
            new String[]{"service-support", "io.shiporskip.support"},
            new String[]{"command-service", "io.shiporskip.command"},
            new String[]{"projector", "io.shiporskip.projector"},
            new String[]{"query-service", "io.shiporskip.query"},
            new String[]{"infra", "io.shiporskip.infra"});

    private static JavaClasses main;

    @BeforeAll
    static void importEveryModule() {
        Path repository = Path.of(System.getProperty("shiporskip.repository", "..")).toAbsolutePath().normalize();
        List<Path> dirs = MODULES.stream().map(m -> repository.resolve(m[0]).resolve("target/classes")).toList();
        dirs.forEach(dir -> assertThat(dir).as("built classes of " + dir.getParent().getParent().getFileName())
                .matches(Files::isDirectory));
        main = new ClassFileImporter().importPaths(dirs);
        // a rule over nothing passes: make sure every module's classes are there
        MODULES.forEach(m -> assertThat(main.stream().filter(c -> c.getPackageName().startsWith(m[1])).count())
                .as("classes of " + m[0]).isPositive());
    }

    @Test
    void services_reach_each_other_only_through_contracts_and_service_support() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("contracts").definedBy("io.shiporskip.contracts..")
                .layer("service-support").definedBy("io.shiporskip.support..")
                .layer("command-service").definedBy("io.shiporskip.command..")
                .layer("projector").definedBy("io.shiporskip.projector..")
                .layer("query-service").definedBy("io.shiporskip.query..")
                .layer("infra").definedBy("io.shiporskip.infra..")
                .whereLayer("command-service").mayNotBeAccessedByAnyLayer()
                .whereLayer("projector").mayNotBeAccessedByAnyLayer()
                .whereLayer("query-service").mayNotBeAccessedByAnyLayer()
                // test support and the local stack: no service's main code may lean on it
                .whereLayer("infra").mayNotBeAccessedByAnyLayer()
                .whereLayer("contracts").mayNotAccessAnyLayer()
                .whereLayer("service-support").mayNotAccessAnyLayer();
        rule.check(main);
    }

    @Test
    void contracts_depend_on_no_framework() {
        // Jackson and the CloudEvents SDK are part of the published language (the JSON and CloudEvents forms)
        classes().that().resideInAPackage("io.shiporskip.contracts..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.shiporskip.contracts..", "java..", "com.fasterxml.jackson..", "io.cloudevents..")
                .check(main);
        noClasses().that().resideInAPackage("io.shiporskip.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("JDBC is a framework of the services, not of the published language")
                .check(main);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.shiporskip.command", "io.shiporskip.projector", "io.shiporskip.query",
            "io.shiporskip.contracts", "io.shiporskip.support"})
    void feature_packages_within_a_module_form_no_cycles(String root) {
        slices().matching(root + ".(*)..").should().beFreeOfCycles().check(main);
    }

    /**
     * Kafka from one place: a service class that makes a Kafka client takes its configuration from service-support's
     * {@code KafkaClients} (spring.kafka.* with the project's rules), never from a map of its own.
     */
    @Test
    void every_kafka_client_of_the_services_is_configured_by_kafka_clients() {
        classes().that().resideInAnyPackage("io.shiporskip.command..", "io.shiporskip.projector..",
                        "io.shiporskip.query..", "io.shiporskip.support..")
                .and().haveSimpleNameNotEndingWith("KafkaClients")
                .and(com.tngtech.archunit.base.DescribedPredicate.describe("make a Kafka client", c ->
                        c.getAccessesFromSelf().stream().anyMatch(a ->
                                (a.getName().equals("<init>") && (a.getTargetOwner().isEquivalentTo(
                                        org.apache.kafka.clients.producer.KafkaProducer.class)
                                        || a.getTargetOwner().isEquivalentTo(
                                        org.apache.kafka.clients.consumer.KafkaConsumer.class)))
                                        || (a.getName().equals("create") && a.getTargetOwner().isEquivalentTo(
                                        org.apache.kafka.clients.admin.Admin.class)))))
                .should().dependOnClassesThat().haveFullyQualifiedName("io.shiporskip.support.kafka.KafkaClients")
                .check(main);
    }
}

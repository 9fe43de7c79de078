package io.shiporskip.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The write side: REST commands, Axon aggregates, the PostgreSQL event store and the relay to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandServiceApplication.class, args);
    }
}

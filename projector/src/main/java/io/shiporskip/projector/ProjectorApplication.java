package io.shiporskip.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The read side's writer: consumes the event topic and keeps the read models in PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProjectorApplication.class, args);
    }
}

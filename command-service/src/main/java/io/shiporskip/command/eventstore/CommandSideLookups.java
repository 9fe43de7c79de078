package io.shiporskip.command.eventstore;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The processing group of the command side's lookup tables (tools, voters, current votes). Subscribing, so it runs
 * in the command's transaction; a failed update must fail that command, not be logged and forgotten.
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideLookups {

    public static final String PROCESSING_GROUP = "command-side-lookups";

    @Autowired
    void propagateFailures(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}

package io.shiporskip.command.catalog;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** A failed registry update must fail the command that caused it, not be logged and forgotten. */
@Configuration(proxyBeanMethods = false)
class RegistryProcessing {

    @Autowired
    void propagateFailures(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(JdbcToolRegistry.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}

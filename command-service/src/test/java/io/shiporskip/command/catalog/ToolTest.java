package io.shiporskip.command.catalog;

import io.shiporskip.contracts.catalog.Pricing;
import io.shiporskip.contracts.catalog.PricingModel;
import io.shiporskip.contracts.catalog.ToolListed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class ToolTest {

    private final AggregateTestFixture<Tool> fixture = new AggregateTestFixture<>(Tool.class);

    @Test
    void listingAToolRecordsEveryField() {
        Pricing pricing = new Pricing(PricingModel.OPEN_SOURCE, "Free", "Open weights (Apache 2.0)");
        fixture.givenNoPriorActivity()
                .when(new ListTool("smolvlm-2-5", "SmolVLM 2.5", "2B-param VLM", "A model.", "Developer Tools",
                        pricing, "On-device"))
                .expectEvents(new ToolListed("smolvlm-2-5", "SmolVLM 2.5", "2B-param VLM", "A model.",
                        "Developer Tools", pricing, "On-device"));
    }
}

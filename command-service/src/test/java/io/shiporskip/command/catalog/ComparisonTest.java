package io.shiporskip.command.catalog;

import io.shiporskip.command.testing.InMemoryToolRegistry;
import io.shiporskip.contracts.catalog.ComparisonCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class ComparisonTest {

    private AggregateTestFixture<Comparison> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Comparison.class);
        fixture.registerInjectableResource(new InMemoryToolRegistry().listed("a", "b", "c", "d", "e"));
    }

    @Test
    void twoToFourDistinctListedToolsMakeAComparison() {
        fixture.givenNoPriorActivity()
                .when(new CreateComparison("a-vs-b", "A vs B", List.of("a", "b")))
                .expectEvents(new ComparisonCreated("a-vs-b", "A vs B", List.of("a", "b")));
        fixture.givenNoPriorActivity()
                .when(new CreateComparison("four", "Four", List.of("d", "c", "b", "a")))
                .expectEvents(new ComparisonCreated("four", "Four", List.of("d", "c", "b", "a")));
    }

    @Test
    void oneToolIsNotAComparison() {
        fixture.givenNoPriorActivity().when(new CreateComparison("x", "X", List.of("a")))
                .expectNoEvents().expectException(InvalidComparison.class);
    }

    @Test
    void fiveToolsAreTooMany() {
        fixture.givenNoPriorActivity().when(new CreateComparison("x", "X", List.of("a", "b", "c", "d", "e")))
                .expectNoEvents().expectException(InvalidComparison.class);
    }

    @Test
    void theSameToolTwiceIsRefused() {
        fixture.givenNoPriorActivity().when(new CreateComparison("x", "X", List.of("a", "a")))
                .expectNoEvents().expectException(InvalidComparison.class);
    }

    @Test
    void anUnknownToolIsRefused() {
        fixture.givenNoPriorActivity().when(new CreateComparison("x", "X", List.of("a", "nope")))
                .expectNoEvents().expectException(UnknownTool.class);
    }
}

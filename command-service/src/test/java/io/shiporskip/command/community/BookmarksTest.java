package io.shiporskip.command.community;

import io.shiporskip.command.catalog.UnknownTool;
import io.shiporskip.command.testing.InMemoryToolRegistry;
import io.shiporskip.contracts.community.ToolBookmarked;
import io.shiporskip.contracts.community.ToolUnbookmarked;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BookmarksTest {

    private AggregateTestFixture<Bookmarks> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Bookmarks.class);
        fixture.registerInjectableResource(new InMemoryToolRegistry().listed("a", "b"));
    }

    @Test
    void bookmarkingAToolSavesIt() {
        fixture.givenNoPriorActivity().when(new Bookmark("alice", "a")).expectEvents(new ToolBookmarked("a", "alice"));
    }

    @Test
    void bookmarkingTwiceStoresNothing() {
        fixture.given(new ToolBookmarked("a", "alice")).when(new Bookmark("alice", "a")).expectNoEvents();
    }

    @Test
    void unbookmarkingRemovesIt() {
        fixture.given(new ToolBookmarked("a", "alice")).when(new Unbookmark("alice", "a"))
                .expectEvents(new ToolUnbookmarked("a", "alice"));
    }

    @Test
    void unbookmarkingAnUnsavedToolStoresNothing() {
        fixture.given(new ToolBookmarked("a", "alice")).when(new Unbookmark("alice", "b")).expectNoEvents();
    }

    @Test
    void bookmarkingAnUnknownToolIsRefused() {
        fixture.givenNoPriorActivity().when(new Bookmark("alice", "zzz")).expectException(UnknownTool.class);
    }
}

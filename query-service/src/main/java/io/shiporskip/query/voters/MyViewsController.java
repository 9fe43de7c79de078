package io.shiporskip.query.voters;

import io.shiporskip.contracts.community.Choice;
import io.shiporskip.query.consistency.ReadYourWrites;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The caller's current votes and bookmarked tool ids; the voter is always the token's subject. */
@RestController
class MyViewsController {

    record MyVote(String toolId, Choice choice) {
    }

    private final JdbcClient jdbc;
    private final ReadYourWrites readYourWrites;

    MyViewsController(JdbcClient jdbc, ReadYourWrites readYourWrites) {
        this.jdbc = jdbc;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/api/v1/me/votes")
    List<MyVote> votes(Authentication authentication, @RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        return jdbc.sql("SELECT tool_id, choice FROM voter_vote WHERE voter_id = ? AND choice IS NOT NULL ORDER BY tool_id")
                .param(authentication.getName())
                .query((rs, n) -> new MyVote(rs.getString("tool_id"), Choice.valueOf(rs.getString("choice")))).list();
    }

    @GetMapping("/api/v1/me/bookmarks")
    List<String> bookmarks(Authentication authentication, @RequestParam(required = false) List<String> waitFor) {
        readYourWrites.await(waitFor);
        return jdbc.sql("SELECT tool_id FROM voter_bookmark WHERE voter_id = ? ORDER BY bookmarked_at, tool_id")
                .param(authentication.getName()).query(String.class).list();
    }
}

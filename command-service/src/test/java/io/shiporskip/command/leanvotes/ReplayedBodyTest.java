package io.shiporskip.command.leanvotes;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body the lean path read and hands on to the full chain, read again blocking and non-blocking. */
class ReplayedBodyTest {

    private static final byte[] BODY = "{\"choice\":\"SHIP\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void a_blocking_read_gets_the_body_once_and_then_end_of_stream() throws IOException {
        ServletInputStream in = new LeanVotes.Replayed(new MockHttpServletRequest("PUT", "/x"), BODY).getInputStream();

        assertThat(in.isFinished()).isFalse();
        assertThat(in.readAllBytes()).isEqualTo(BODY);
        assertThat(in.isFinished()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void a_read_listener_in_async_mode_is_given_the_whole_body_then_told_all_was_read() {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/x");
        request.setAsyncSupported(true);
        LeanVotes.Replayed replayed = new LeanVotes.Replayed(request, BODY);
        replayed.startAsync();
        ServletInputStream in = replayed.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        List<String> calls = new ArrayList<>();

        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                calls.add("onDataAvailable");
                byte[] chunk = new byte[5];
                while (in.isReady() && !in.isFinished()) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    read.write(chunk, 0, n);
                }
            }

            @Override
            public void onAllDataRead() {
                calls.add("onAllDataRead");
            }

            @Override
            public void onError(Throwable t) {
                calls.add("onError " + t);
            }
        });

        assertThat(read.toByteArray()).isEqualTo(BODY);
        assertThat(calls).containsExactly("onDataAvailable", "onAllDataRead");
    }

    @Test
    void a_listener_that_fails_is_told_through_on_error() {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/x");
        request.setAsyncSupported(true);
        LeanVotes.Replayed replayed = new LeanVotes.Replayed(request, BODY);
        replayed.startAsync();
        List<Throwable> errors = new ArrayList<>();
        IOException broken = new IOException("listener broke");

        replayed.getInputStream().setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                throw broken;
            }

            @Override
            public void onAllDataRead() {
                errors.add(new AssertionError("onAllDataRead after a failure"));
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }
        });

        assertThat(errors).containsExactly(broken);
    }

    @Test
    void a_read_listener_outside_async_mode_is_refused_as_the_servlet_specification_says() {
        ServletInputStream in = new LeanVotes.Replayed(new MockHttpServletRequest("PUT", "/x"), BODY).getInputStream();

        assertThatThrownBy(() -> in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() {
            }

            @Override
            public void onAllDataRead() {
            }

            @Override
            public void onError(Throwable t) {
            }
        })).isInstanceOf(IllegalStateException.class);
    }
}

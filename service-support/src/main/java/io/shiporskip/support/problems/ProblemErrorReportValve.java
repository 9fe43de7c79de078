package io.shiporskip.support.problems;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error report, for the errors it answers before the application sees the request (an encoded '/' in
 * the path, a malformed URI): a problem detail instead of Tomcat's HTML page. Errors the application already answered
 * are left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus shown = known != null ? known : HttpStatus.BAD_REQUEST;
        try {
            response.resetBuffer();
            ProblemResponses.write(response, shown, shown.is5xxServerError() ? "internal" : "malformed-request",
                    shown.is5xxServerError() ? "Something went wrong on our side."
                            : "The request line or path cannot be read (an encoded '/' or an invalid escape in the path?).");
            response.finishResponse();
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response committed meanwhile: nothing more to say
        }
    }
}

package dev.convolens.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat's own error page for what it refuses before the application sees a request (a malformed request line, a
 * path it will not map), written as the API's {@code {"error","detail"}} instead of an HTML page.
 */
public class JsonErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        String reason = StringManager.getManager("org.apache.catalina.valves", request.getLocales())
                .getString("http." + status + ".reason");
        String error = reason == null || reason.startsWith("http.") ? "error " + status : reason.toLowerCase();
        String detail = response.getMessage() == null || response.getMessage().isBlank() ? error : response.getMessage();
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":" + ApiError.quote(error) + ",\"detail\":" + ApiError.quote(detail) + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the answer was committed meanwhile: nothing more to say
        }
    }
}

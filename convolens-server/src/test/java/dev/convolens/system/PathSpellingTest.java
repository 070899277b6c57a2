package dev.convolens.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convolens.support.ServerTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every route of the OpenAPI document, spelled with path parameters, percent-encoded letters, double slashes and dot
 * segments, is refused without a key exactly as its plain spelling is: no spelling reaches a handler unchecked.
 */
class PathSpellingTest extends ServerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void noSpellingOfAnyRouteGetsPastTheKeyCheck() throws Exception {
        JsonNode paths = http().get("/api/docs", null).json().get("paths");
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            String plain = path.getKey().replaceAll("\\{[^}]+}", "x");
            for (String method : path.getValue().propertyNames()) {
                String m = method.toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(m)) continue;
                int expected = status(m, plain);
                for (String spelled : spellings(plain)) {
                    int got = status(m, spelled);
                    checked.add(m + " " + spelled);
                    // the plain path without a key is 401 for every protected route; a spelling must not do better
                    if (got >= 500 || (expected == 401 && got != 401 && got != 400 && got != 404)
                            || (got >= 200 && got < 300 && expected != got)) {
                        wrong.add(m + " " + spelled + ": " + got + " (plain " + expected + ")");
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(100);
        assertThat(wrong).isEmpty();
    }

    /** The path spelled as a client bent on skipping the key check would. */
    static List<String> spellings(String plain) {
        String rest = plain.substring(1);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        List<String> out = new ArrayList<>();
        out.add("/" + first + ";x=1" + tail);
        out.add("/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + tail);
        out.add("//" + rest);
        out.add("/./" + rest);
        out.add("/zz/../" + rest);
        out.add(plain + ";jsessionid=1");
        if (!tail.isEmpty()) out.add("/" + first + "//" + tail.substring(1));
        return out;
    }

    private int status(String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        HttpResponse<String> r = CLIENT.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(method + " " + path)
                    .startsWith("application/json");
        }
        return r.statusCode();
    }
}

package dev.convolens.demo;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;

/** The page at {@code /} until the dashboard replaces it: what Convolens is and, in demo mode, the demo tenant's key. */
@RestController
class DemoController {

    private final ObjectProvider<DemoMode> demo;

    DemoController(ObjectProvider<DemoMode> demo) {
        this.demo = demo;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        DemoMode mode = demo.getIfAvailable();
        String section = mode == null ? NO_DEMO.replace("{base}", esc(base)) : mode.access()
                // the tenant's name is user input and goes last, so that it cannot smuggle in another placeholder
                .map(a -> DEMO.replace("{base}", esc(base)).replace("{key}", esc(a.key()))
                        .replace("{timezone}", esc(a.timezone().getId())).replace("{tenant}", esc(a.tenantId()))
                        .replace("{name}", esc(a.tenantName())))
                .orElse(STARTING);
        String html = PAGE.replace("{base}", esc(base)).replace("{demo}", section);
        // the page may carry a key: keep it out of shared caches
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }

    private static final String NO_DEMO = """
            <section><h2>Get started</h2>
            <p>Create a tenant and a key with the admin key (<code>convolens.admin-key</code>), then send events:</p>
            <pre>curl -X POST -H 'Authorization: Bearer &lt;admin key&gt;' -H 'Content-Type: application/json' \\
              -d '{"name":"Acme","timezone":"Europe/Berlin"}' {base}/api/tenants</pre>
            <p>Start with <code>--demo</code> to get a demo tenant filled with a month of simulated traffic.</p>
            </section>""";

    private static final String STARTING = """
            <section><h2>Demo mode</h2><p>The demo tenant is being set up; reload in a moment.</p></section>""";

    private static final String DEMO = """
            <section class="demo"><h2>Demo mode</h2>
            <p>Tenant <strong>{tenant}</strong> ({name}, {timezone}) receives simulated traffic from three bots,
            live-chat agents, surveys and LLM calls: generated history, then new conversations every few seconds.</p>
            <p>Its key (scopes <code>read</code>, <code>ingest</code>; a new one is issued at every start):</p>
            <pre id="demo-key">Authorization: Bearer {key}</pre>
            <p>The latest events:</p>
            <pre>curl -H 'Authorization: Bearer {key}' '{base}/api/events?limit=10'</pre>
            <p>Send one of your own:</p>
            <pre>curl -X POST -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' \\
              -d '[{"type":"message.received","timestamp":"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'","botId":"my-bot","conversationId":"c-1"}]' \\
              {base}/api/events</pre>
            </section>""";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Convolens</title>
            <style>
              body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; background: #f5f7fa;
                     margin: 0; }
              main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 1.5rem; }
              h1 { font-size: 2rem; margin: 0 0 .25rem; } h1 span { color: #2f6fed; }
              h2 { font-size: 1.15rem; margin: 0 0 .5rem; }
              .lead { color: #4a5568; margin-top: 0; }
              section { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 1.25rem 1.5rem;
                        margin: 1.25rem 0; }
              section.demo { border-color: #2f6fed; }
              pre { background: #1d2430; color: #e2e8f0; padding: .75rem 1rem; border-radius: 6px; overflow-x: auto;
                    font-size: .85rem; white-space: pre-wrap; word-break: break-all; }
              code { background: #edf2f7; padding: 0 .3rem; border-radius: 4px; font-size: .9em; }
              ul { padding-left: 1.2rem; } a { color: #2f6fed; }
              footer { color: #718096; font-size: .85rem; }
            </style></head>
            <body><main>
            <h1>Conv<span>o</span>lens</h1>
            <p class="lead">Analytics for chatbot and live-chat conversations.</p>
            <section><h2>What it does</h2>
            <p>Bots and live-chat agents send events (messages, intents, escalations, live chats, surveys, tasks,
            LLM calls) to <code>POST /api/events</code>. Convolens stores them per tenant and turns them into response
            times, resolution and escalation rates, CSAT and NPS, live-chat waits and agent performance, in each
            tenant's own time zone.</p>
            </section>
            {demo}
            <section><h2>Service</h2>
            <ul>
              <li><a href="{base}/actuator/health">/actuator/health</a> &mdash; liveness and readiness</li>
              <li><a href="{base}/actuator/prometheus">/actuator/prometheus</a> &mdash; metrics for Prometheus</li>
              <li><code>GET /api/events</code> &mdash; the raw-event explorer (key with the <code>read</code> scope)</li>
            </ul>
            </section>
            <footer>Every API call sends <code>Authorization: Bearer &lt;key&gt;</code>.</footer>
            </main></body></html>
            """;
}

package dev.convolens.live;

import dev.convolens.storage.StorageProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.convolens.tenant.TenantService;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import tools.jackson.databind.json.JsonMapper;

/** Wires {@code /ws/live} (SPEC §8) and picks how changes reach the other instances. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class LiveConfig implements WebSocketConfigurer {
    static final String PATH = "/ws/live";
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);
    static final String TOMCAT_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    /** Longest message a client may send, in characters. */
    static final int MAX_CLIENT_MESSAGE = 2048;

    private final LiveSocketHandler handler;

    LiveConfig(TenantService tenants, Rooms rooms, LivePublisher publisher, JsonMapper json, Clock clock,
            LiveProperties properties) {
        this.handler = new LiveSocketHandler(tenants, rooms, publisher, json, clock, properties,
                senders(properties.senderThreads()));
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // the key travels in the socket, not in a cookie, so a page from another origin gains nothing by connecting
        registry.addHandler(handler, PATH).setAllowedOriginPatterns("*");
    }

    @Bean
    LiveSocketHandler liveSocketHandler() {
        return handler;
    }

    /**
     * Clients send only small control messages (auth, join, leave), and each socket holds its inbound buffers for life:
     * Tomcat's 8 K-character default alone is 16 KB of heap per idle socket. A longer message closes the socket (1009).
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_CLIENT_MESSAGE);
        container.setMaxBinaryMessageBufferSize(128);
        return container;
    }

    /** Open sockets on this instance, for capacity planning (BENCHMARKS.md: about 37 KB of heap each when idle). */
    @Bean
    Gauge liveSocketsGauge(MeterRegistry registry, Rooms rooms) {
        return Gauge.builder("convolens.live.sockets", rooms, Rooms::size)
                .description("authenticated /ws/live sockets on this instance").register(registry);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService liveSweep(LiveSocketHandler handler) {
        ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(daemon("convolens-live-sweep"));
        sweep.scheduleWithFixedDelay(() -> {
            try {
                handler.sweep();
            } catch (RuntimeException e) {
                log.error("live socket sweep failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        return sweep;
    }

    @Bean
    static ChangeBus changeBus(LiveProperties properties, StorageProperties storage, JdbcTemplate jdbc, Environment env) {
        String fanout = properties.fanout().equals("auto") ? (storage.store().equals("postgres") ? "postgres" : "local")
                : properties.fanout();
        return switch (fanout) {
            case "local" -> new LocalChangeBus();
            case "postgres" -> {
                if (!storage.store().equals("postgres")) {
                    throw new IllegalStateException("convolens.live.fanout=postgres needs convolens.store=postgres");
                }
                yield new PostgresChangeBus(jdbc, env.getProperty("spring.datasource.url"),
                        env.getProperty("spring.datasource.username"), env.getProperty("spring.datasource.password"));
            }
            default -> throw new IllegalStateException(
                    "convolens.live.fanout must be auto, local or postgres, not '" + properties.fanout() + "'");
        };
    }

    /**
     * Tomcat sizes every WebSocket's frame input and output buffers from a system property read once, when its
     * WebSocket classes load; the web server factory is customized before that. At 8 KB (its default) they were 20 KB
     * of the 57 KB heap an idle socket cost (BENCHMARKS.md). Messages larger than the buffer are simply written in
     * several pieces. A value given on the command line wins.
     */
    @Bean
    static WebServerFactoryCustomizer<TomcatServletWebServerFactory> webSocketBuffers(LiveProperties properties) {
        return factory -> {
            if (System.getProperty(TOMCAT_BUFFER_SIZE) == null) {
                System.setProperty(TOMCAT_BUFFER_SIZE, String.valueOf(properties.socketBufferSize().toBytes()));
            }
        };
    }

    /** Threads come and go with the traffic; the queue holds one drain task per socket with something to send. */
    private static ExecutorService senders(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("convolens-live-send"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package dev.convolens.ingest.kafka;

import dev.convolens.ConvolensApplication;
import dev.convolens.support.Postgres;
import dev.convolens.tenant.TenantService;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Benchmark, not a test: with the consumers stopped, a backlog of N events is produced to {@code convolens.events};
 * then the consumers start and the time until every event is stored is the lag recovery time, N / time the Kafka
 * ingest rate. Arguments: {@code duckdb|postgres [events=1000000]}.
 */
public final class KafkaBenchmark {

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "duckdb";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2, "convolens.events", "hbf.interaction.metadata");
        broker.afterPropertiesSet();
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--convolens.kafka.enabled=true",
                "--convolens.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--convolens.admin-key=bench",
                "--convolens.data-dir=" + Files.createTempDirectory("kafka-bench"), "--convolens.jobs.enabled=false",
                "--convolens.monitor.enabled=false", "--logging.level.root=WARN"));
        if (store.equals("postgres")) {
            appArgs.addAll(List.of("--convolens.store=postgres", "--spring.datasource.url=" + Postgres.newDatabase(),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres"));
        }
        ConfigurableApplicationContext app = SpringApplication.run(ConvolensApplication.class, appArgs.toArray(String[]::new));
        app.getBean(TenantService.class).create("kafka-bench", "Kafka bench", "UTC");
        @SuppressWarnings("unchecked")
        ConcurrentMessageListenerContainer<String, byte[]> consumer =
                app.getBean("eventsTopicContainer", ConcurrentMessageListenerContainer.class);
        consumer.stop();

        long p0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            Future<?> last = null;
            for (int i = 0; i < events; i++) {
                String conversation = "c" + (i / 10);
                last = producer.send(new ProducerRecord<>("convolens.events", conversation, "{\"tenantId\":\"kafka-bench\","
                        + "\"id\":\"k" + i + "\",\"type\":\"" + (i % 2 == 0 ? "message.received" : "message.sent")
                        + "\",\"timestamp\":\"" + ts + "\",\"conversationId\":\"" + conversation + "\",\"channel\":\"webchat\","
                        + "\"botId\":\"bot-" + (i % 3) + "\",\"userId\":\"u" + (i % 5000) + "\",\"metadata\":{\"text\":\"hello " + i + "\"}}"));
            }
            producer.flush();
            last.get();
        }
        double produced = (System.nanoTime() - p0) / 1e9;

        JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
        long c0 = System.nanoTime();
        consumer.start();
        long stored = 0;
        while (stored < events) {
            Thread.sleep(250); // polling the count of a running benchmark, not a test's timing
            stored = jdbc.queryForObject("SELECT count(*) FROM events WHERE tenant_id = 'kafka-bench'", Long.class);
        }
        double drained = (System.nanoTime() - c0) / 1e9;
        System.out.printf("%n== KafkaBenchmark on %s ==%n| backlog produced | %,d events in %.1f s |%n"
                + "| lag recovery: backlog stored | %.1f s |%n| Kafka ingest rate | %,.0f events/s |%n",
                store, events, produced, drained, events / drained);
        io.micrometer.core.instrument.Timer commits = app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("convolens.ingest.commit").timer();
        System.out.printf("| group commits | %,d, mean %.0f ms |%n", commits.count(),
                commits.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
        app.close();
        broker.destroy();
        System.exit(0);
    }
}

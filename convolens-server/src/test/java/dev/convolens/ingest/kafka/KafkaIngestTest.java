package dev.convolens.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convolens.support.Http;
import dev.convolens.support.ServerTest;
import dev.convolens.support.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service consuming a real in-process Kafka broker (KRaft), fed by a plain Kafka producer. */
class KafkaIngestTest extends ServerTest {
    static final EmbeddedKafkaKraftBroker BROKER = new EmbeddedKafkaKraftBroker(1, 2, "convolens.events",
            "hbf.interaction.metadata", "convolens.events.dlq", "hbf.interaction.metadata.dlq");

    static {
        BROKER.afterPropertiesSet();
    }

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("convolens.kafka.enabled", () -> "true");
        registry.add("convolens.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("convolens.kafka.group-id", () -> "convolens-test");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("eventsTopicContainer")
    ConcurrentMessageListenerContainer<String, byte[]> eventsContainer;

    final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));

    void send(String topic, String key, String value, String... headers) {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
        for (int i = 0; i < headers.length; i += 2) r.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    long stored(TestTenant t) {
        return jdbc.queryForObject("SELECT count(*) FROM events WHERE tenant_id = ?", Long.class, t.id());
    }

    List<ConsumerRecord<String, byte[]>> deadLetters(String topic) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            c.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < deadline) c.poll(Duration.ofMillis(500)).forEach(out::add);
            return out;
        }
    }

    static String reason(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(KafkaEventListener.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }

    @Test
    void eventsFromAPlainProducerAreStoredAndAPoisonGoesToTheDeadLetterTopic() {
        TestTenant t = newTenant("UTC", "read");
        send("convolens.events", "c1", "{\"tenantId\":\"" + t.id() + "\",\"type\":\"message.received\",\"conversationId\":\"c1\",\"timestamp\":\"" + now() + "\"}");
        send("convolens.events", "c1", "this is not json {", "tenantId", t.id());
        send("convolens.events", "c1", "{\"tenantId\":\"" + t.id() + "\",\"type\":\"message.teleported\",\"timestamp\":\"" + now() + "\"}");
        send("convolens.events", "c1", "{\"tenantId\":\"nobody-" + UUID.randomUUID() + "\",\"type\":\"message.sent\",\"timestamp\":\"" + now() + "\"}");
        send("convolens.events", "c1", "{\"type\":\"message.sent\",\"conversationId\":\"c1\",\"timestamp\":\"" + now() + "\"}", "tenantId", t.id());

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) == 2);
        Http.Response events = http().get("/api/events", t.key());
        assertThat(events.json().findValuesAsString("type")).containsExactlyInAnyOrder("message.received", "message.sent");
        assertThat(events.json().findValuesAsString("id")).allMatch(id -> id.startsWith("kafka:convolens.events:"));
        List<String> reasons = deadLetters("convolens.events.dlq").stream().map(KafkaIngestTest::reason).toList();
        assertThat(reasons).anyMatch(r -> r.startsWith("malformed JSON"))
                .anyMatch(r -> r.startsWith("type: unknown event type 'message.teleported'"))
                .anyMatch(r -> r.startsWith("tenantId: no tenant 'nobody-"));
    }

    @Test
    void aConsumerRestartLosesNothingAndDuplicatesNothing() {
        TestTenant t = newTenant("UTC", "read");
        for (int i = 0; i < 1_000; i++) {
            send("convolens.events", "c" + (i % 50), "{\"tenantId\":\"" + t.id() + "\",\"type\":\"message.received\",\"conversationId\":\"c"
                    + (i % 50) + "\",\"timestamp\":\"" + now() + "\"}");
            if (i == 400) eventsContainer.stop();
            if (i == 700) eventsContainer.start();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(t) >= 1_000);
        assertThat(stored(t)).isEqualTo(1_000);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT id) FROM events WHERE tenant_id = ?", Long.class, t.id()))
                .isEqualTo(1_000);
    }

    @Test
    void metadataEventsBecomeLlmHttpSearchVariableAndTagEvents() {
        TestTenant t = newTenant("UTC", "read");
        String ts = now();
        send("hbf.interaction.metadata", "sess-1", "{\"hbfEventId\":\"h1\",\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts
                + "\",\"type\":\"LLM\",\"duration\":812,\"hasError\":false,\"payload\":{\"model\":\"gpt-x\",\"usage\":{\"total_tokens\":530},\"costUsd\":0.0042}}",
                "tenantId", t.id(), "organizationId", "org-1", "eventType", "LLM");
        send("hbf.interaction.metadata", "sess-1", "{\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts
                + "\",\"type\":\"HTTP\",\"duration\":95,\"hasError\":true,\"payload\":{\"status\":502,\"method\":\"GET\"}}",
                "tenantId", t.id(), "eventType", "HTTP");
        send("hbf.interaction.metadata", "sess-1", "{\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts
                + "\",\"type\":\"SEMANTIC_SEARCH\",\"payload\":{\"query\":\"refund\",\"results\":[{\"id\":1},{\"id\":2}]}}",
                "tenantId", t.id(), "eventType", "SEMANTIC_SEARCH");
        send("hbf.interaction.metadata", "sess-1", "{\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts
                + "\",\"type\":\"VARIABLE\",\"payload\":{\"key\":\"variables.plan\",\"oldValue\":null,\"newValue\":\"gold\"}}",
                "tenantId", t.id(), "eventType", "VARIABLE");
        send("hbf.interaction.metadata", "sess-1", "{\"tenantId\":\"" + t.id() + "\",\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts
                + "\",\"type\":\"TAG\",\"payload\":{\"current\":[\"vip\"],\"added\":[\"vip\"],\"removed\":[]}}");
        send("hbf.interaction.metadata", "sess-1", "{\"sessionId\":\"sess-1\",\"timestamp\":\"" + ts + "\",\"type\":\"TELEPATHY\"}",
                "tenantId", t.id());

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(t) == 5);
        Map<String, Object> llm = jdbc.queryForMap("SELECT duration_ms, conversation_id, CAST(metadata->>'tokens' AS BIGINT) AS tokens, "
                + "CAST(metadata->>'costUsd' AS DOUBLE PRECISION) AS cost, metadata->>'model' AS model FROM events "
                + "WHERE tenant_id = ? AND type = 'llm.call'", t.id());
        assertThat(((Number) llm.get("duration_ms")).longValue()).isEqualTo(812);
        assertThat(llm.get("conversation_id")).isEqualTo("sess-1");
        assertThat(((Number) llm.get("tokens")).longValue()).isEqualTo(530);
        assertThat(((Number) llm.get("cost")).doubleValue()).isEqualTo(0.0042);
        assertThat(llm.get("model")).isEqualTo("gpt-x");
        assertThat(jdbc.queryForObject("SELECT metadata->>'hasError' FROM events WHERE tenant_id = ? AND type = 'http.call'",
                String.class, t.id())).isEqualTo("true");
        assertThat(jdbc.queryForObject("SELECT CAST(metadata->>'resultCount' AS INTEGER) FROM events WHERE tenant_id = ? "
                + "AND type = 'semantic_search.query'", Integer.class, t.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT metadata->>'newValue' FROM events WHERE tenant_id = ? AND type = 'variable.changed'",
                String.class, t.id())).isEqualTo("gold");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM events WHERE tenant_id = ? AND type = 'tag.changed'", Long.class,
                t.id())).isEqualTo(1);
        assertThat(deadLetters("hbf.interaction.metadata.dlq").stream().map(KafkaIngestTest::reason))
                .anyMatch(r -> r.contains("TELEPATHY"));
    }
}

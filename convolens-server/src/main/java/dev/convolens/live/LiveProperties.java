package dev.convolens.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param metricsInterval shortest gap between two pushes to one tenant's sockets (changes in between are coalesced)
 * @param announceInterval how often an instance turns its new commits into announcements (after updating facts)
 * @param fanout how pushes reach other instances: {@code auto} (PostgreSQL LISTEN/NOTIFY when the store is postgres,
 *     else in-process), {@code postgres} or {@code local}
 * @param sendTimeLimit a socket whose send has been blocked this long is dropped
 * @param sendBufferLimit a socket with this much unsent data is dropped
 * @param authTimeout a socket that has not authenticated within this time is closed
 * @param heartbeat how often an idle socket gets a ping and has its key re-checked (a revoked key is closed)
 * @param livechatWindow how far back live-chat requests are tracked for requested/accepted/missed pushes
 * @param maxGroups most group rooms one socket may join
 * @param senderThreads threads writing to sockets; a blocked send holds one for at most {@code sendTimeLimit}
 * @param socketBufferSize the frame buffers Tomcat gives each WebSocket for its whole life (its default is 8 KB each)
 */
@ConfigurationProperties("convolens.live")
record LiveProperties(
        @DefaultValue("1s") Duration metricsInterval,
        @DefaultValue("200ms") Duration announceInterval,
        @DefaultValue("auto") String fanout,
        @DefaultValue("5s") Duration sendTimeLimit,
        @DefaultValue("256KB") DataSize sendBufferLimit,
        @DefaultValue("10s") Duration authTimeout,
        @DefaultValue("30s") Duration heartbeat,
        @DefaultValue("2h") Duration livechatWindow,
        @DefaultValue("50") int maxGroups,
        @DefaultValue("4") int senderThreads,
        @DefaultValue("2KB") DataSize socketBufferSize) {}

package dev.convolens.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebServerConfig {

    /**
     * Answers {@code 100 Continue} only when a handler starts reading the body, so that a request refused up front
     * (401, 403, 413) is refused before the client uploads megabytes.
     */
    @Bean
    TomcatConnectorCustomizer continueOnRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }
}

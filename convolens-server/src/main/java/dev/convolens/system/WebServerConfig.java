package dev.convolens.system;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
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

    /** Errors Tomcat answers itself, before the application, in the API's JSON shape ({@link JsonErrorValve}). */
    @Bean
    TomcatContextCustomizer jsonErrorPages() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) host.setErrorReportValveClass(JsonErrorValve.class.getName());
        };
    }
}

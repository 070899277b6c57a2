package dev.convolens.system;

import dev.convolens.tenant.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/docs}, generated from the controllers. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {
    static {
        // the caller comes from the Authorization header, not from request parameters
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI convolensOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Convolens API").version("0.1")
                        .description("Analytics for chatbot and live-chat conversations. Send 'Authorization: Bearer <key>'."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}

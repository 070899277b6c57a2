package dev.convolens.tenant;

import dev.convolens.system.ApiException;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets controllers take the authenticated {@link Caller} as a parameter. */
@Configuration(proxyBeanMethods = false)
class CallerResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object caller = request.getAttribute(ApiKeyFilter.CALLER, RequestAttributes.SCOPE_REQUEST);
        // the key filter guards every API path; should a spelling of one ever slip past it, the handler still refuses
        if (caller == null) throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized",
                "send the API key as 'Authorization: Bearer <key>'");
        return caller;
    }
}

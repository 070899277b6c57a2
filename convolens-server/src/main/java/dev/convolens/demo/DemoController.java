package dev.convolens.demo;

import dev.convolens.tenant.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard's sign-in offers in demo mode: the demo tenant and the key issued at this start. Outside demo
 * mode, and while the demo tenant is being set up, there is nothing to offer.
 */
@RestController
class DemoController {

    private final ObjectProvider<DemoMode> demo;

    DemoController(ObjectProvider<DemoMode> demo) {
        this.demo = demo;
    }

    @GetMapping("/demo/access")
    ResponseEntity<Map<String, Object>> access() {
        DemoMode mode = demo.getIfAvailable();
        if (mode == null) return unavailable("demo mode is off (start with --demo)", HttpStatus.NOT_FOUND);
        return mode.access().map(a -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tenantId", a.tenantId());
            body.put("tenantName", a.tenantName());
            body.put("timezone", a.timezone().getId());
            body.put("key", a.key());
            body.put("scopes", DemoMode.SCOPES.stream().map(Scope::wireName).toList());
            // the answer carries a key: keep it out of shared caches
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
        }).orElseGet(() -> unavailable("the demo tenant is being set up; try again in a moment",
                HttpStatus.SERVICE_UNAVAILABLE));
    }

    private static ResponseEntity<Map<String, Object>> unavailable(String detail, HttpStatus status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", status == HttpStatus.NOT_FOUND ? "not_found" : "unavailable");
        body.put("detail", detail);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
    }
}

package dev.convolens.tenant;

/**
 * Per-tenant behaviour. {@code livechatExpirySeconds} null means the service-wide fallback
 * ({@code convolens.livechat.expiry-fallback}).
 */
public record TenantSettings(int sessionTimeoutMinutes, Integer livechatExpirySeconds) {

    public static final TenantSettings DEFAULTS = new TenantSettings(30, null);
}

package dev.tenantry.tenancy.internal;

import jakarta.enterprise.context.RequestScoped;

/**
 * What {@link IdempotencyFilter} learnt of the current request for {@link IdempotencyInterceptor}:
 * the key, a hash of method, path and body, the caller; and whether the answer was replayed. Public
 * methods, no field access: callers hold a client proxy (in another class loader when Tenantry is a
 * server module).
 */
@RequestScoped
public class IdempotentRequest {

    private String key;
    private String requestHash;
    private String method;
    private String path;
    private String principal;
    private boolean replayed;

    /**
     * @param key         the Idempotency-Key
     * @param requestHash SHA-256 of method, path and body
     * @param method      HTTP method
     * @param path        request path
     * @param principal   the caller, or null
     */
    public void set(String key, String requestHash, String method, String path, String principal) {
        this.key = key;
        this.requestHash = requestHash;
        this.method = method;
        this.path = path;
        this.principal = principal;
    }

    /** @return whether the request carried a usable Idempotency-Key on an unsafe method */
    public boolean present() {
        return key != null;
    }

    /** @return the key */
    public String key() {
        return key;
    }

    /** @return SHA-256 of method, path and body */
    public String requestHash() {
        return requestHash;
    }

    /** @return the scope of the key: tenant, caller, method and path */
    public String scope(String tenant) {
        return (tenant == null ? "-" : tenant) + "|" + (principal == null ? "-" : principal) + "|" + method + " " + path;
    }

    /** Marks the answer as replayed. */
    public void replayed() {
        replayed = true;
    }

    /** @return whether the answer was replayed */
    public boolean wasReplayed() {
        return replayed;
    }
}

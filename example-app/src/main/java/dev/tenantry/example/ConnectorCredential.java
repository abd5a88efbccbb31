package dev.tenantry.example;

import dev.tenantry.crypto.EncryptedStringConverter;
import dev.tenantry.persistence.BaseEntity;
import jakarta.persistence.Column;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Credentials for an external system; the API token is stored encrypted. */
@Entity
@Table(name = "connector_credentials")
public class ConnectorCredential extends BaseEntity {

    @Column(name = "name", nullable = false)
    @NotBlank
    @Size(max = 100)
    private String name;

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "api_token", nullable = false)
    @NotBlank
    @Size(max = 2_000)
    private String apiToken;

    protected ConnectorCredential() {
    }

    /**
     * @param name     connector name, unique
     * @param apiToken the secret, stored encrypted
     */
    public ConnectorCredential(String name, String apiToken) {
        this.name = name;
        this.apiToken = apiToken;
    }

    public String getName() {
        return name;
    }

    public String getApiToken() {
        return apiToken;
    }

    /** @return the last four characters, enough to recognise a token without showing it */
    public String tokenHint() {
        return apiToken == null || apiToken.length() < 8 ? "****" : "…" + apiToken.substring(apiToken.length() - 4);
    }
}

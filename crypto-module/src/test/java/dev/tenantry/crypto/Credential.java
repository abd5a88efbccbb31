package dev.tenantry.crypto;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.eclipse.persistence.annotations.Customizer;

@Entity
@Table(name = "credentials")
@Customizer(EncryptedAttributes.class)
public class Credential {

    @Id
    private Long id;

    @Column(name = "label")
    private String label;

    @Convert(converter = EncryptedStringConverter.class)
    @Column(name = "token")
    private String token;

    @Convert(converter = EncryptedBytesConverter.class)
    @Column(name = "private_key")
    private byte[] privateKey;

    protected Credential() {
    }

    public Credential(Long id, String label, String token, byte[] privateKey) {
        this.id = id;
        this.label = label;
        this.token = token;
        this.privateKey = privateKey;
    }

    public Long getId() {
        return id;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public byte[] getPrivateKey() {
        return privateKey;
    }
}

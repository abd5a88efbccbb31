package dev.tenantry.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** REST endpoints under {@code /api}. */
@ApplicationPath("api")
public class ExampleApplication extends Application {

    /**
     * Jersey (Payara) answers {@code OPTIONS} with a generated WADL description of every resource,
     * which tells a stranger the API's whole shape and the server's product; off, {@code OPTIONS}
     * answers with the allowed methods only, as RESTEasy (WildFly) does.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}

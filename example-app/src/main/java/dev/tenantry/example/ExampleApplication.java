package dev.tenantry.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** REST endpoints under {@code /api}. */
@ApplicationPath("api")
public class ExampleApplication extends Application {
}

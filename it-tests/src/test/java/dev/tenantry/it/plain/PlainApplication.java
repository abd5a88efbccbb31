package dev.tenantry.it.plain;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** REST endpoints of a WAR that does not use Tenantry, under {@code /api}. */
@ApplicationPath("api")
public class PlainApplication extends Application {
}

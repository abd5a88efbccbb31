package dev.tenantry.it.ear.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS of one of the EAR's two web modules (both hold this class and {@link EarResource}). */
@ApplicationPath("api")
public class EarApplication extends Application {
}

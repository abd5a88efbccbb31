package dev.tenantry.example;

import dev.tenantry.tenancy.TenancyProblemDetailsMapper;
import jakarta.ws.rs.ext.Provider;

/** Opts in to Tenantry's problem-details responses (409, 422, 404, 403, 400). */
@Provider
public class ExampleProblems extends TenancyProblemDetailsMapper {
}

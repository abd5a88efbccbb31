package dev.tenantry.it.matrix;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Runs one isolation check on fresh data: 200 "passed", 409 with the leak, or 500 with what broke. */
@Path("checks")
@RequestScoped
public class MatrixResource {

    @Inject
    IsolationChecks checks;

    @Inject
    MatrixData data;

    /**
     * @param name a check's name, see {@link IsolationChecks#names()}
     * @return the outcome
     */
    @POST
    @Path("{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response run(@PathParam("name") String name) {
        if (!IsolationChecks.names().contains(name)) {
            return Response.status(404).entity("no check " + name).build();
        }
        data.reset();
        try {
            Method check = IsolationChecks.class.getDeclaredMethod(name);
            check.setAccessible(true);
            check.invoke(checks);
            return Response.ok("passed").build();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            return Response.status(cause instanceof AssertionError ? 409 : 500).entity(stackTrace(cause)).build();
        } catch (ReflectiveOperationException e) {
            return Response.status(500).entity(stackTrace(e)).build();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

package dev.tenantry.persistence.web;

import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The server's error page as an RFC 9457 problem, for what never reaches JAX-RS: an address outside
 * the application's JAX-RS path, a request the container refuses, an exception in a servlet filter.
 * No HTML, server product or exception class reaches the client. Register it in {@code web.xml}:
 *
 * <pre>{@code
 * <servlet><servlet-name>problems</servlet-name>
 *   <servlet-class>dev.tenantry.persistence.web.ProblemErrorPage</servlet-class></servlet>
 * <servlet-mapping><servlet-name>problems</servlet-name><url-pattern>/tenantry-problem</url-pattern></servlet-mapping>
 * <error-page><location>/tenantry-problem</location></error-page>
 * }</pre>
 *
 * <p>Requested directly, not as an error page, it answers 404 to every method. Map it at {@code /} too
 * (add {@code <url-pattern>/</url-pattern>}) when the application serves no static files: it then
 * replaces the container's default servlet, so an address outside JAX-RS is 404 whatever the method,
 * where Payara's default servlet answers {@code PUT} and {@code DELETE} with 403 and both servers answer
 * {@code OPTIONS} with 200.
 */
public class ProblemErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ProblemErrorPage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 404;
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable t) {
            status = 500;
            LOG.log(System.Logger.Level.ERROR, "Request failed outside JAX-RS", t);
        }
        Problem problem = ProblemDetailsMapper.forStatus(status);
        String detail = switch (status) {
            case 401 -> "The credentials are missing or not valid: sign in again.";
            case 404 -> "There is nothing at this address.";
            default -> status >= 500 ? "The request failed on the server." : "The request was refused.";
        };
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(ProblemDetailsMapper.PROBLEM_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write((String) ProblemDetailsMapper.response(problem, detail, null).getEntity());
    }
}

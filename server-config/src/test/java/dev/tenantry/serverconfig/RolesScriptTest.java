package dev.tenantry.serverconfig;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The README's psql command for the database roles, run as written (pointed at a test database),
 * twice: the script is idempotent, and the runtime role it creates can bypass nothing.
 */
class RolesScriptTest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern README_COMMAND = Pattern.compile("`(psql [^`]*postgres/roles\\.sql)`");
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+).*");

    @Test
    void theReadmesPsqlCommandCreatesTheRolesAndCanRunAgain() throws Exception {
        Assumptions.assumeTrue(psqlInstalled(), "psql is not installed: the README's psql command cannot be run here");
        String readme = Files.readString(REPOSITORY.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher command = README_COMMAND.matcher(readme);
        assertThat(command.find()).as("the README shows the psql command for postgres/roles.sql").isTrue();

        try (TestDatabase db = TestDatabase.create("roles-script")) {
            Matcher url = JDBC_URL.matcher(db.endpoint().jdbcUrl());
            assertThat(url.matches()).as(db.endpoint().jdbcUrl()).isTrue();
            List<String> args = new ArrayList<>();
            String[] words = command.group(1).split(" ");
            for (int i = 0; i < words.length; i++) {
                switch (words[i]) {
                    case "-U" -> args.addAll(List.of("-U", db.endpoint().user(), "-h", url.group(1), "-p", url.group(2)));
                    case "-d" -> args.addAll(List.of("-d", url.group(3)));
                    default -> args.add(words[i]);
                }
                if (words[i].equals("-U") || words[i].equals("-d")) {
                    i++;   // the README's value, replaced
                }
            }
            for (int run = 1; run <= 2; run++) {
                ProcessBuilder psql = new ProcessBuilder(args).directory(REPOSITORY.toFile()).redirectErrorStream(true);
                if (db.endpoint().password() != null && !db.endpoint().password().isEmpty()) {
                    psql.environment().put("PGPASSWORD", db.endpoint().password());
                }
                Process process = psql.start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor()).as("run %d of %s:%n%s", run, String.join(" ", args), output).isZero();
            }
            try (Connection c = db.endpoint().connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT rolname, rolsuper, rolbypassrls, rolcanlogin FROM pg_roles"
                         + " WHERE rolname IN ('" + PostgresRoles.OWNER + "', '" + PostgresRoles.RUNTIME + "') ORDER BY rolname")) {
                List<String> roles = new ArrayList<>();
                while (rs.next()) {
                    roles.add(rs.getString(1) + " super=" + rs.getBoolean(2) + " bypassrls=" + rs.getBoolean(3)
                            + " login=" + rs.getBoolean(4));
                }
                assertThat(roles).containsExactly("tenantry_app super=false bypassrls=false login=true",
                        "tenantry_owner super=false bypassrls=false login=true");
            }
        }
    }

    private static boolean psqlInstalled() {
        try {
            return new ProcessBuilder("psql", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

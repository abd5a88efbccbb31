package dev.tenantry.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server started from the command line as a user starts it, its output in a log file: started,
 * awaited until an address answers 200, and stopped with its child processes.
 */
final class ServerProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How long a server may take to answer. */
    private static final long TIMEOUT_MILLIS = 180_000;

    private final String name;
    private final Process process;
    private final Path log;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the server and waits until {@code ready} answers 200.
     *
     * @param name     for messages, e.g. "WildFly with the example"
     * @param command  the command, its environment set
     * @param log      where its output goes
     * @param ready    an address that answers 200 once the server serves
     * @param failures text in the log that means the deployment failed (stop waiting), or none
     * @return the running server
     * @throws AssertionError naming the log's tail, when it stops, fails or does not answer in 180 s
     */
    static ServerProcess start(String name, ProcessBuilder command, Path log, URI ready, String... failures)
            throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        ServerProcess server = new ServerProcess(name, command.redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        while (true) {
            if (!server.process.isAlive() || List.of(failures).stream().anyMatch(server.logText()::contains)) {
                server.stop();
                throw new AssertionError(name + " stopped or failed while starting; its log: " + server.tail());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.currentTimeMillis() > start + TIMEOUT_MILLIS) {
                server.stop();
                throw new AssertionError(name + " did not answer " + ready + " within 180 s; its log: " + server.tail());
            }
            Thread.sleep(500);
        }
        System.out.printf("[tenantry] %s answered %d ms after start%n", name, System.currentTimeMillis() - start);
        return server;
    }

    /** @return the server's output so far */
    String logText() throws IOException {
        return Files.readString(log);
    }

    /** Stops the server and the processes it started, and waits for it. */
    void stop() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
    }

    /** @return the last 80 lines of the log, for a failure message */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}

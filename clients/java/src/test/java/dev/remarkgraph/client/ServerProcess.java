package dev.remarkgraph.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real remarkgraphd for a test: a free loopback port chosen by the server itself, a temporary
 * data directory, SIGTERM at the end.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving on \\S+ \\(port (\\d+)\\)");

  private final Process process;
  private final Path dataRoot;
  private final StringBuffer log = new StringBuffer();
  private final Thread killOnExit;
  private final int port;

  private ServerProcess(Path binary, Duration startup) throws IOException, InterruptedException {
    dataRoot = Files.createTempDirectory("remarkgraph-java-");
    process =
        new ProcessBuilder(
                binary.toString(),
                "--listen=127.0.0.1:0",
                "--data_dir=" + dataRoot.resolve("db"),
                "--shutdown_grace=5s")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Whatever way the test JVM ends, no server outlives it.
    killOnExit = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killOnExit);

    CompletableFuture<Integer> serving = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  log.append(line).append('\n');
                  Matcher matcher = SERVING.matcher(line);
                  if (matcher.find()) {
                    serving.complete(Integer.parseInt(matcher.group(1)));
                  }
                }
              } catch (IOException e) {
                serving.completeExceptionally(e);
              }
              serving.completeExceptionally(new IOException("remarkgraphd exited before serving"));
            },
            "remarkgraphd-log");
    reader.setDaemon(true);
    reader.start();
    try {
      port = serving.get(startup.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      stop();
      throw new IOException("remarkgraphd did not start:\n" + log, e);
    }
  }

  /** Starts {@code binary} and returns once it listens. */
  static ServerProcess start(Path binary) throws IOException, InterruptedException {
    return new ServerProcess(binary, Duration.ofSeconds(30));
  }

  /** {@code 127.0.0.1:PORT}. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /** What the server has written to stderr so far. */
  String log() {
    return log.toString();
  }

  /**
   * Sends SIGTERM, waits for the exit (SIGKILL after 15 seconds), removes the data directory and
   * returns the exit code. Safe to call twice.
   */
  int stop() throws IOException, InterruptedException {
    if (process.isAlive()) {
      // SIGTERM. Process.destroy() would also close the log pipe, and the server's last words
      // would then end it with SIGPIPE instead of a clean exit.
      process.toHandle().destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
    if (Files.exists(dataRoot)) {
      try (Stream<Path> paths = Files.walk(dataRoot)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return process.exitValue();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }
}

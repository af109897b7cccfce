package io.strata.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's scripts as a user would, and keeps its exit code and output. */
public record ScriptRun(int exitCode, String stdout, String stderr) {
  public static Path projectDir() {
    return Path.of(System.getProperty("strata.project.dir", "..")).toAbsolutePath().normalize();
  }

  public static ScriptRun run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("script", ".out");
    Path err = Files.createTempFile("script", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir().toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after 180 s: " + command + "\n" + Files.readString(err));
      }
      return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
  }
}

package dev.idcprov.bench;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one contender in a JVM of its own, so that its heap and CPU figures are its own and not the sandbox's:
 * {@code ContenderMain <contender> <target.json> <result.json>}. Started by {@link BenchRunner}.
 */
public final class ContenderMain {
  private ContenderMain() {
  }

  /**
   * @param args contender name, target JSON file, result JSON file
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Gson gson = new Gson();
    Target target = gson.fromJson(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8), Target.class);
    ContenderRun run = BenchRunner.runHere(Contender.named(args[0]), target);
    run.forked = true;
    Files.writeString(Path.of(args[2]), gson.toJson(run), StandardCharsets.UTF_8);
    System.exit(0);
  }
}

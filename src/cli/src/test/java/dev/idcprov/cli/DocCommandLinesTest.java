package dev.idcprov.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every {@code idc-provisioning} command line shown in README.md and docs/CLI.md (shell and console blocks, run or
 * not) parses: its command and options exist, and typed values (formats, durations, numbers) are accepted. A doc that
 * names an option the command does not have (such as {@code --timeout} on {@code status}) fails the build.
 */
class DocCommandLinesTest {

  record Shown(String where, List<String> args) {
    @Override
    public String toString() {
      return where + ": " + String.join(" ", args);
    }
  }

  static Stream<Shown> commandLines() {
    List<Shown> all = new ArrayList<>();
    for (String doc : DocBlocks.DOCUMENTS) {
      for (DocBlocks.Block b : DocBlocks.of(doc)) {
        if (!(b.is("bash") || b.is("console") || b.is("sh"))) {
          continue;
        }
        for (String line : DocBlocks.joinContinuations(b.lines())) {
          String l = line.startsWith("$ ") ? line.substring(2) : line;
          for (List<String> words : invocations(l)) {
            all.add(new Shown(b.where(), words));
          }
        }
      }
    }
    assertThat(all).as("command lines in the docs").hasSizeGreaterThan(20);
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandLines")
  void parses(Shown shown) {
    if (shown.args().contains("...") || shown.args().isEmpty()) {
      return;   // an elided example ("provision ... --no-wait"): only its words up to "..." are complete
    }
    CommandLine cli = Main.newCommandLine(settings -> {
      throw new AssertionError("parsing makes no client");
    }, new ByteArrayInputStream(new byte[0]), Map.of());
    try {
      cli.parseArgs(shown.args().toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      fail(shown + " does not parse: " + e.getMessage());
    }
  }

  /** The idc-provisioning invocations of one shell line: split on pipes and lists, words as the shell reads them. */
  static List<List<String>> invocations(String line) {
    List<List<String>> found = new ArrayList<>();
    List<String> words = new ArrayList<>();
    boolean in = false;
    for (String w : words(line)) {
      if (w.equals("|") || w.equals("||") || w.equals("&&") || w.equals(";") || w.startsWith("#")
          || w.startsWith(">") || w.startsWith("<") || w.equals("2>&1")) {
        if (in) {
          found.add(words);
        }
        words = new ArrayList<>();
        in = false;
        if (w.startsWith("#")) {
          break;
        }
        continue;
      }
      if (!in && w.equals("idc-provisioning")) {
        in = true;
        continue;
      }
      if (in) {
        words.add(w);
      }
    }
    if (in) {
      found.add(words);
    }
    return found;
  }

  /** Splits like a shell: quotes group, quotes are removed, ;|&<># separate. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean any = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || cur.length() > 0) {
          out.add(cur.toString());
        }
        cur.setLength(0);
        any = false;
      } else if (c == '#' && cur.length() == 0 && !any) {
        out.add("#");
        break;
      } else {
        cur.append(c);
      }
    }
    if (any || cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }
}

package dev.idcprov.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of a Markdown file, with their info string and first line number. */
final class DocBlocks {
  /** The repository root, from the module's directory (where surefire and failsafe run). */
  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  /** The documents whose shell blocks are checked. */
  static final List<String> DOCUMENTS = List.of("README.md", "docs/CLI.md");

  record Block(String file, int line, String info, List<String> lines) {
    boolean is(String language) {
      return info.split("\\s+")[0].equals(language);
    }

    boolean doctest() {
      return List.of(info.split("\\s+")).contains("doctest");
    }

    String where() {
      return file + ":" + line;
    }
  }

  private DocBlocks() {
  }

  static List<Block> of(String file) {
    List<String> text;
    try {
      text = Files.readAllLines(ROOT.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String l = text.get(i);
      if (l.startsWith("```") && l.length() > 3) {
        int start = i + 1;
        List<String> body = new ArrayList<>();
        for (i = i + 1; i < text.size() && !text.get(i).startsWith("```"); i++) {
          body.add(text.get(i));
        }
        blocks.add(new Block(file, start, l.substring(3).trim(), body));
      }
    }
    return blocks;
  }

  /** Joins lines ending with a backslash to the next one. */
  static List<String> joinContinuations(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (String l : lines) {
      boolean cont = l.endsWith("\\");
      String part = cont ? l.substring(0, l.length() - 1) : l;
      if (cur == null) {
        cur = new StringBuilder(part);
      } else {
        cur.append(' ').append(part.strip());
      }
      if (!cont) {
        out.add(cur.toString());
        cur = null;
      }
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }
}

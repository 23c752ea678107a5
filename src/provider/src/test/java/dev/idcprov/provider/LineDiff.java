package dev.idcprov.provider;

import java.util.List;

/** A plain line diff (longest common subsequence) for test failure messages: changed lines with 2 lines of context. */
final class LineDiff {
  private LineDiff() {
  }

  static String of(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        lines.add("  " + a.get(i));
        i++;
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
        lines.add("+ " + b.get(j++));
      } else {
        lines.add("- " + a.get(i++));
      }
    }
    int lastPrinted = -1;
    for (int k = 0; k < lines.size(); k++) {
      boolean near = false;
      for (int d = -2; d <= 2 && !near; d++) {
        int n = k + d;
        near = n >= 0 && n < lines.size() && !lines.get(n).startsWith("  ");
      }
      if (near) {
        if (lastPrinted >= 0 && k > lastPrinted + 1) {
          out.append("  ...\n");
        }
        out.append(lines.get(k)).append('\n');
        lastPrinted = k;
      }
    }
    return out.toString();
  }
}

package io.berth.cli;

import io.berth.api.LayerProgress;
import io.berth.api.LayerProgress.Phase;
import io.berth.api.PullProgress;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows a pull's layers: on a terminal, one progress bar per layer redrawn in place; when piped,
 * one plain line each time a layer changes phase, so logs stay readable.
 */
final class PullProgressView implements PullProgress {
  private static final long REDRAW_NANOS = 100_000_000L;
  private final PrintWriter out;
  private final boolean terminal;
  private final Map<String, LayerProgress> layers = new LinkedHashMap<>();
  private int linesDrawn;
  private long lastDraw;

  PullProgressView(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(LayerProgress update) {
    LayerProgress before = layers.put(update.digest(), update);
    if (terminal) {
      long now = System.nanoTime();
      boolean phaseChanged = before == null || before.phase() != update.phase();
      if (phaseChanged || now - lastDraw > REDRAW_NANOS) {
        draw();
        lastDraw = now;
      }
    } else if (before == null || before.phase() != update.phase()) {
      if (update.phase() != Phase.WAITING) {
        out.println(shortDigest(update.digest()) + ": " + describe(update));
        out.flush();
      }
    }
  }

  /** Draws the final state; call once the pull has ended. */
  synchronized void finish() {
    if (terminal && !layers.isEmpty()) {
      draw();
    }
  }

  private void draw() {
    StringBuilder frame = new StringBuilder();
    if (linesDrawn > 0) {
      frame.append("\033[").append(linesDrawn).append('A');
    }
    for (LayerProgress layer : layers.values()) {
      frame.append("\r\033[2K").append(shortDigest(layer.digest())).append("  ");
      frame.append(String.format("%-9s", label(layer.phase())));
      if (layer.phase() == Phase.PULLING || layer.phase() == Phase.UNPACKING) {
        frame.append(' ').append(bar(layer.bytes(), layer.total(), 30)).append(' ');
        frame.append(Sizes.human(layer.bytes())).append('/').append(Sizes.human(layer.total()));
      } else if (layer.phase() == Phase.DONE || layer.phase() == Phase.EXISTS) {
        frame.append(' ').append(Sizes.human(layer.total()));
      }
      frame.append('\n');
    }
    linesDrawn = layers.size();
    out.print(frame);
    out.flush();
  }

  static String bar(long done, long total, int width) {
    int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
    return "["
        + "=".repeat(filled)
        + (filled < width ? ">" : "")
        + " ".repeat(Math.max(0, width - filled - 1))
        + "]";
  }

  private static String label(Phase phase) {
    return switch (phase) {
      case WAITING -> "waiting";
      case PULLING -> "pulling";
      case UNPACKING -> "unpacking";
      case EXISTS -> "exists";
      case DONE -> "done";
      case FAILED -> "failed";
    };
  }

  private static String describe(LayerProgress layer) {
    return switch (layer.phase()) {
      case WAITING -> "waiting";
      case PULLING -> "pulling " + Sizes.human(layer.total());
      case UNPACKING -> "unpacking from the local blob";
      case EXISTS -> "already present";
      case DONE -> "done";
      case FAILED -> "failed";
    };
  }

  private static String shortDigest(String digest) {
    int colon = digest.indexOf(':');
    String hex = colon >= 0 ? digest.substring(colon + 1) : digest;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }
}

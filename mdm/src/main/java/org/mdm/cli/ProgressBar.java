package org.mdm.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on the terminal: images done, total when known, rate. Redraws at
 * most ten times a second so a fast series does not spend its time printing.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;
    private long bytes;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    synchronized void advance(long fileBytes, int total) {
        done++;
        bytes += fileBytes;
        long now = System.nanoTime();
        if (enabled && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(total, now);
        }
    }

    /** Blanks the bar's line, so that a line printed next starts clean; the next advance redraws it. */
    synchronized void clear() {
        if (enabled && lastDraw != 0) {
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            err.flush();
        }
    }

    synchronized void finish(int total) {
        if (enabled) {
            draw(total, System.nanoTime());
            err.println();
            err.flush();
        }
    }

    private void draw(int total, long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        String bar;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, (long) WIDTH * done / total);
            bar = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total;
        } else {
            bar = "[" + done + " images]";
        }
        err.printf("\r%s  %.1f img/s  %.1f MB/s ", bar, done / seconds, bytes / seconds / 1e6);
        err.flush();
    }

    synchronized int done() {
        return done;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}

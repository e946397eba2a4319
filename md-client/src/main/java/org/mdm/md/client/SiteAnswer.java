package org.mdm.md.client;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One site's answer on its way from the thread that reads it to the caller's thread. The site
 * read first in the merged order streams straight through; the others wait here until their
 * turn, so the servers' own row bounds bound what is held.
 */
final class SiteAnswer implements RowSink {
    private static final Object END = new Object();
    private final LinkedBlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private boolean overdue;

    @Override
    public void row(String value) {
        items.add(value);
    }

    /** Whether {@link #deliver} gave up waiting (the site's reader may still be blocked). */
    boolean overdue() {
        return overdue;
    }

    /** The answer ended well. */
    void end() {
        items.add(END);
    }

    /** The answer failed (after the rows already queued). */
    void fail(MdmException why) {
        items.add(why);
    }

    /**
     * Hands the rows to {@code sink} until the answer's end, waiting at most until
     * {@code deadlineNanos} (a safety net: each site's own timeouts end it well before).
     *
     * @return the failure, or null if the site answered fully
     */
    MdmException deliver(String site, SiteSink sink, long deadlineNanos) throws InterruptedException {
        while (true) {
            Object item = items.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (item == null) {
                overdue = true;
                return new MdmException(Status.TIMEOUT, "site " + site + " gave no complete answer in time");
            } else if (item == END) {
                return null;
            } else if (item instanceof MdmException failure) {
                return failure;
            }
            sink.row(site, (String) item);
        }
    }
}

package org.mdm.copy;

import java.nio.file.Path;

/** One file to copy: from {@code source} to {@code dest}. */
public record CopyTask(Source source, Path dest) {
}

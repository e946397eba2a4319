package org.mdm.md.client;

import org.mdm.api.MdmException;

/**
 * One site that did not answer a command fully.
 *
 * @param site  the site's name
 * @param error why, naming the site's host:port
 */
public record SiteFailure(String site, MdmException error) {
}

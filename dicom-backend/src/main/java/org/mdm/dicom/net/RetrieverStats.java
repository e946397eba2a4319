package org.mdm.dicom.net;

/**
 * Counters of a {@link PooledRetriever}, for tests, benchmarks and monitoring.
 *
 * @param associationsOpened associations opened since start (all servers, or one server)
 * @param active             associations in use now
 * @param idle               associations idle in the pool now
 * @param retrievals         C-GET or C-MOVE operations started since start (all servers),
 *                           fallback C-GETs included
 * @param classQueries       C-FINDs sent to learn an instance's SOP class for the C-GET
 *                           fallback (all servers); the fast path sends none
 * @param dedicatedRetrievals C-GETs run on associations dedicated to one SOP class (all servers)
 * @param dedicatedOpened    associations dedicated to one SOP class opened since start (all servers)
 */
public record RetrieverStats(long associationsOpened, int active, int idle, long retrievals, long classQueries,
        long dedicatedRetrievals, long dedicatedOpened) {
}

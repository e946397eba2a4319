package org.mdm.dicom.net;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

/**
 * Open associations per key (a server, or a server and SOP class for {@link GetFallback}), bounded per key, reused across requests (association setup
 * costs more than fetching a small image). Idle associations are checked with C-ECHO by the
 * evictor, which also keeps them alive against servers' idle timeouts (Orthanc's is 30 s), and
 * closed after the configured idle time.
 */
final class AssociationPool<K> implements AutoCloseable {
    private final GenericKeyedObjectPool<K, DicomLink> pool;
    private final AtomicLong opened = new AtomicLong();
    private final Map<K, AtomicLong> openedPerNode = new ConcurrentHashMap<>();

    /** A pool that keeps idle associations for reuse. */
    AssociationPool(RetrieverConfig config, LinkOpener<K> opener) {
        this(config, opener, true);
    }

    /**
     * @param opener   opens a new association to a server (connect and negotiate)
     * @param keepIdle false to release each association when given back: the pool then only
     *                 bounds how many are open per key
     */
    AssociationPool(RetrieverConfig config, LinkOpener<K> opener, boolean keepIdle) {
        GenericKeyedObjectPoolConfig<DicomLink> pc = new GenericKeyedObjectPoolConfig<>();
        pc.setMaxTotalPerKey(config.maxAssociationsPerNode());
        pc.setMaxIdlePerKey(keepIdle ? config.maxAssociationsPerNode() : 0);
        pc.setMaxTotal(-1);
        pc.setBlockWhenExhausted(true);
        pc.setLifo(true); // the most recently used association is the least likely to be stale
        pc.setTestOnBorrow(false); // an echo per fetch would cost a round trip; I/O failures retry instead
        pc.setTestWhileIdle(true);
        Duration idle = config.idleEviction();
        pc.setMinEvictableIdleDuration(idle);
        Duration run = idle.dividedBy(4);
        pc.setTimeBetweenEvictionRuns(run.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : run);
        pc.setNumTestsPerEvictionRun(-4); // a quarter of the idle ones each run (at least one)
        pc.setJmxEnabled(false);
        this.pool = new GenericKeyedObjectPool<>(new Factory(opener), pc);
    }

    /** Opens one association; the pool calls it when it needs a new one. */
    @FunctionalInterface
    interface LinkOpener<K> {
        DicomLink open(K key) throws Exception;
    }

    DicomLink borrow(K node, Duration maxWait) throws Exception {
        return pool.borrowObject(node, maxWait);
    }

    void giveBack(K node, DicomLink link) {
        pool.returnObject(node, link);
    }

    void invalidate(K node, DicomLink link) {
        try {
            pool.invalidateObject(node, link);
        } catch (Exception e) {
            link.closeNow();
        }
    }

    long opened() {
        return opened.get();
    }

    /** Every key an association was ever opened for. */
    java.util.Set<K> keys() {
        return java.util.Set.copyOf(openedPerNode.keySet());
    }

    long opened(K node) {
        AtomicLong n = openedPerNode.get(node);
        return n == null ? 0 : n.get();
    }

    int active(K node) {
        return node == null ? pool.getNumActive() : pool.getNumActive(node);
    }

    int idle(K node) {
        return node == null ? pool.getNumIdle() : pool.getNumIdle(node);
    }

    /** Closes every idle association to a server (active ones close when returned). */
    void clear(K node) {
        pool.clear(node);
    }

    @Override
    public void close() {
        pool.close();
    }

    private final class Factory extends BaseKeyedPooledObjectFactory<K, DicomLink> {
        private final LinkOpener<K> opener;
        private final Function<K, AtomicLong> counter = n -> new AtomicLong();

        Factory(LinkOpener<K> opener) {
            this.opener = opener;
        }

        @Override
        public DicomLink create(K node) throws Exception {
            DicomLink link = opener.open(node);
            opened.incrementAndGet();
            openedPerNode.computeIfAbsent(node, counter).incrementAndGet();
            return link;
        }

        @Override
        public PooledObject<DicomLink> wrap(DicomLink link) {
            return new DefaultPooledObject<>(link);
        }

        @Override
        public boolean validateObject(K node, PooledObject<DicomLink> p) {
            DicomLink link = p.getObject();
            try {
                return link.isUsable() && CEcho.run(link) == Dimse.STATUS_SUCCESS;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void destroyObject(K node, PooledObject<DicomLink> p) {
            DicomLink link = p.getObject();
            if (link.isUsable()) {
                link.release();
            } else {
                link.closeNow();
            }
        }
    }
}

package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.testing.PostgresServer;

/**
 * A catalogue written before protected attributes and STUDY/SERIES entries (schema 3) is brought
 * up to date by the next open: its images' studies and series get entries from what their IMAGE
 * entries know, and nothing it held is lost.
 */
class SchemaUpgradeTest {
    private static final String OWNER = "/C=FR/O=MDM/CN=Ann Owner";

    @TempDir
    Path dir;

    @Test
    void anH2CatalogueOfSchema3IsUpgraded() throws Exception {
        upgrade("jdbc:h2:file:" + dir.resolve("catalog") + ";TRACE_LEVEL_FILE=0", "sa", "");
    }

    @Test
    void aPostgresCatalogueOfSchema3IsUpgraded() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            upgrade(pg.createDatabase("upgrade"), PostgresServer.SUPERUSER, "");
        }
    }

    private void upgrade(String url, String user, String password) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:org/mdm/catalog/migration")
                .target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            image(c, "guid:a", Map.of("study", "2.25.1", "series", "2.25.2", "patient", "p1", "modality", "MR"));
            image(c, "guid:b", Map.of("study", "2.25.1", "series", "2.25.2", "patient", "p1", "modality", "MR"));
            image(c, "guid:c", Map.of("study", "2.25.1", "series", "2.25.3", "patient", "p1"));
        }
        try (CatalogDatabase db = CatalogDatabase.open(url, user, password)) {
            MetadataCatalogue md = new MetadataCatalogue();
            db.inTransaction(c -> {
                assertEquals(Map.of("StudyInsUID", "2.25.1", "patient", "p1"), present(md.getattr(c, "/mdm/STUDY",
                        "2.25.1", List.of("StudyInsUID", "patient", "date"))));
                assertEquals(Map.of("SeriesInsUID", "2.25.2", "study", "2.25.1", "modality", "MR"), present(md.getattr(c,
                        "/mdm/SERIES", "2.25.2", List.of("SeriesInsUID", "study", "modality", "description"))));
                assertEquals(Map.of("SeriesInsUID", "2.25.3", "study", "2.25.1"), present(md.getattr(c, "/mdm/SERIES",
                        "2.25.3", List.of("SeriesInsUID", "study", "modality"))));
                assertEquals(OWNER, md.owner(c, "/mdm/STUDY", "2.25.1").orElseThrow());
                assertTrue(md.acl(c, "/mdm/STUDY", "2.25.1", MetadataCatalogue.WHOLE_ENTRY).isEmpty(), "owner-only");
                assertEquals(Set.of("origSOPinsUID"), md.protectedAttributes(c, "/mdm/IMAGE"));
                assertEquals(md.attributes(c, "/mdm/PATIENT").keySet(), md.protectedAttributes(c, "/mdm/PATIENT"));
                assertEquals(Set.of("date", "description", "origStudyInsUID"), md.protectedAttributes(c, "/mdm/STUDY"));
                assertFalse(md.protectedAttributes(c, "/mdm/SERIES").contains("modality"));
                assertEquals("MR", md.getattr(c, "/mdm/IMAGE", "guid:a", List.of("modality")).get("modality"));
                return null;
            });
        }
    }

    private static Map<String, String> present(Map<String, String> values) {
        Map<String, String> present = new java.util.HashMap<>(values);
        present.values().removeIf(java.util.Objects::isNull);
        return present;
    }

    private static void image(Connection c, String name, Map<String, String> values) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_entry (dir, name, owner_dn) VALUES (?, ?, ?)")) {
            s.setString(1, "/mdm/IMAGE");
            s.setString(2, name);
            s.setString(3, OWNER);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_value (dir, entry, attr, val) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> v : values.entrySet()) {
                s.setString(1, "/mdm/IMAGE");
                s.setString(2, name);
                s.setString(3, v.getKey());
                s.setString(4, v.getValue());
                s.executeUpdate();
            }
        }
    }
}

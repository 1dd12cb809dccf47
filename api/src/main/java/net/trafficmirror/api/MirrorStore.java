package net.trafficmirror.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.MirrorTarget;
import net.trafficmirror.mirror.NetworkInterface;

/**
 * The durable store: one SQLite database (sqlite-jdbc) in WAL mode, one row per resource as {@link StateJson},
 * plus the state version and the ClientToken records, each change written in one transaction.
 *
 * <p>{@code synchronous=FULL}: in WAL mode, NORMAL survives a killed process but may lose the last commits on
 * power loss or an OS crash, and the API has already told the client its resource exists; control-plane writes
 * are few, so the fsync per commit costs nothing that matters. {@code locking_mode=EXCLUSIVE} keeps a second server
 * off the same file: two processes each holding the state in memory would overwrite each other's changes.
 */
public final class MirrorStore implements AutoCloseable {
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS resource (
              kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id));
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS client_token (
              action TEXT NOT NULL, token TEXT NOT NULL, fingerprint TEXT NOT NULL, response TEXT NOT NULL,
              PRIMARY KEY (action, token));
            """;

    /** A ClientToken's record: the request it came with and the response fragment to repeat. */
    public record ClientToken(String action, String token, String fingerprint, String response) {}

    private final Connection db;
    private final Path path;

    private MirrorStore(Connection db, Path path) {
        this.db = db;
        this.path = path;
    }

    /** Opens (creating if needed) the database at a path. */
    public static MirrorStore open(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) throw new IOException(path + ": directory " + parent + " does not exist");
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout=2000");
                s.execute("PRAGMA locking_mode=EXCLUSIVE");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                for (String ddl : SCHEMA.split(";")) if (!ddl.isBlank()) s.execute(ddl);
                // The first write takes the exclusive lock for as long as we are open.
                s.execute("INSERT INTO meta(name, value) VALUES ('version', '0') ON CONFLICT(name) DO NOTHING");
            }
            db.setAutoCommit(false);
            db.commit();
            return new MirrorStore(db, path);
        } catch (SQLException e) {
            closeQuietly(db);
            if (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY")) {
                throw new IOException(path + ": the database is in use by another process (another tmirror api?)");
            }
            throw new IOException(path + ": cannot open the database: " + e.getMessage(), e);
        }
    }

    public Path path() { return path; }

    /** Everything stored, in creation order; the empty state for a new database. */
    public synchronized MirrorState load() throws IOException {
        try {
            var enis = new LinkedHashMap<String, NetworkInterface>();
            var targets = new LinkedHashMap<String, MirrorTarget>();
            var filters = new LinkedHashMap<String, MirrorFilter>();
            var sessions = new LinkedHashMap<String, MirrorSession>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT kind, id, body FROM resource ORDER BY seq")) {
                while (rs.next()) {
                    JsonNode body = StateJson.MAPPER.readTree(rs.getString(3));
                    String id = rs.getString(2);
                    switch (rs.getString(1)) {
                        case "network-interface" -> enis.put(id, StateJson.networkInterface(body));
                        case "traffic-mirror-target" -> targets.put(id, StateJson.target(body));
                        case "traffic-mirror-filter" -> filters.put(id, StateJson.filter(body));
                        case "traffic-mirror-session" -> sessions.put(id, StateJson.session(body));
                        default -> throw new IOException(path + ": unknown resource kind " + rs.getString(1));
                    }
                }
            }
            long version;
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'version'")) {
                version = rs.next() ? Long.parseLong(rs.getString(1)) : 0;
            }
            db.commit();
            return new MirrorState(version, enis, targets, filters, sessions);
        } catch (SQLException | RuntimeException e) {
            throw new IOException(path + ": cannot read the stored state: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the change from one state to the next, and a ClientToken record if given, in one transaction.
     *
     * @throws IllegalStateException when the database refuses (the caller then undoes the change in memory)
     */
    public synchronized void save(MirrorState previous, MirrorState next, ClientToken token) {
        try {
            diff("network-interface", previous.networkInterfaces(), next.networkInterfaces(), StateJson::networkInterface);
            diff("traffic-mirror-target", previous.targets(), next.targets(), StateJson::target);
            diff("traffic-mirror-filter", previous.filters(), next.filters(), StateJson::filter);
            diff("traffic-mirror-session", previous.sessions(), next.sessions(), StateJson::session);
            try (PreparedStatement p = db.prepareStatement("UPDATE meta SET value = ? WHERE name = 'version'")) {
                p.setString(1, Long.toString(next.version()));
                p.executeUpdate();
            }
            if (token != null) {
                try (PreparedStatement p = db.prepareStatement(
                        "INSERT INTO client_token(action, token, fingerprint, response) VALUES (?, ?, ?, ?)")) {
                    p.setString(1, token.action());
                    p.setString(2, token.token());
                    p.setString(3, token.fingerprint());
                    p.setString(4, token.response());
                    p.executeUpdate();
                }
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the original failure is what matters
            }
            throw new IllegalStateException(path + ": cannot store the change: " + e.getMessage(), e);
        }
    }

    /** The record of a ClientToken already used with an action. */
    public synchronized Optional<ClientToken> clientToken(String action, String token) {
        try (PreparedStatement p = db.prepareStatement("SELECT fingerprint, response FROM client_token WHERE action = ? AND token = ?")) {
            p.setString(1, action);
            p.setString(2, token);
            try (ResultSet rs = p.executeQuery()) {
                Optional<ClientToken> out = rs.next() ? Optional.of(new ClientToken(action, token, rs.getString(1), rs.getString(2))) : Optional.empty();
                db.commit();
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(path + ": cannot read client tokens: " + e.getMessage(), e);
        }
    }

    private <V> void diff(String kind, Map<String, V> previous, Map<String, V> next, Function<V, ObjectNode> json) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement("""
                INSERT INTO resource(kind, id, seq, body) VALUES (?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM resource), ?)
                ON CONFLICT(kind, id) DO UPDATE SET body = excluded.body""");
             PreparedStatement delete = db.prepareStatement("DELETE FROM resource WHERE kind = ? AND id = ?")) {
            for (Map.Entry<String, V> e : next.entrySet()) {
                if (Objects.equals(previous.get(e.getKey()), e.getValue())) continue;
                upsert.setString(1, kind);
                upsert.setString(2, e.getKey());
                upsert.setString(3, json.apply(e.getValue()).toString());
                upsert.executeUpdate();
            }
            for (String id : previous.keySet()) {
                if (next.containsKey(id)) continue;
                delete.setString(1, kind);
                delete.setString(2, id);
                delete.executeUpdate();
            }
        }
    }

    @Override public synchronized void close() {
        closeQuietly(db);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with the error
        }
    }
}

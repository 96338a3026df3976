namespace Vigil.Server.Storage.Sqlite;

/// <summary>
/// The schema as an ordered list of migrations; <c>PRAGMA user_version</c> records how many ran. Append new
/// migrations, never edit a released one. Times are Unix milliseconds; enums are lowercase names so the database
/// reads well in the sqlite3 shell.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE api_tokens (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            role        TEXT NOT NULL,
            secret_hash BLOB NOT NULL,
            created_ms  INTEGER NOT NULL,
            expires_ms  INTEGER,
            revoked_ms  INTEGER
        );
        CREATE TABLE enrollment_tokens (
            id          TEXT PRIMARY KEY,
            secret_hash BLOB NOT NULL,
            labels_json TEXT NOT NULL,
            created_ms  INTEGER NOT NULL,
            expires_ms  INTEGER NOT NULL,
            used_ms     INTEGER,
            used_by     TEXT
        );
        CREATE TABLE agents (
            id                TEXT PRIMARY KEY,
            hostname          TEXT NOT NULL,
            machine_id        TEXT,
            agent_version     TEXT,
            labels_json       TEXT NOT NULL,
            enrolled_ms       INTEGER NOT NULL,
            cert_serial       TEXT NOT NULL,
            cert_not_after_ms INTEGER NOT NULL,
            revoked_ms        INTEGER,
            last_seq          INTEGER NOT NULL DEFAULT 0,
            last_seen_ms      INTEGER,
            interval_ms       INTEGER NOT NULL DEFAULT 10000,
            silent            INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX agents_hostname ON agents (hostname);

        -- One row per stored batch: the dedupe key. Kept as long as raw frames.
        CREATE TABLE batches (
            agent_id    TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            received_ms INTEGER NOT NULL,
            records     INTEGER NOT NULL,
            wire_bytes  INTEGER NOT NULL,
            PRIMARY KEY (agent_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX batches_received ON batches (received_ms);

        -- Per host, the series its frames refer to by index.
        CREATE TABLE series (
            agent_id   TEXT NOT NULL,
            idx        INTEGER NOT NULL,
            name       TEXT NOT NULL,
            unit       TEXT NOT NULL,
            kind       TEXT NOT NULL,
            attrs_json TEXT NOT NULL,
            PRIMARY KEY (agent_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX series_name ON series (agent_id, name);

        -- One row per batch with metrics (FrameCodec blob). The rowid orders rollup processing.
        CREATE TABLE frames_raw (
            id       INTEGER PRIMARY KEY,
            agent_id TEXT NOT NULL,
            t0_ms    INTEGER NOT NULL,
            t1_ms    INTEGER NOT NULL,
            blob     BLOB NOT NULL
        );
        CREATE INDEX frames_raw_agent ON frames_raw (agent_id, t0_ms);
        CREATE INDEX frames_raw_time ON frames_raw (t1_ms);

        -- One row per host and bucket (RollupCodec blob).
        CREATE TABLE frames_1m (
            id        INTEGER PRIMARY KEY,
            agent_id  TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            blob      BLOB NOT NULL,
            UNIQUE (agent_id, bucket_ms)
        );
        CREATE INDEX frames_1m_time ON frames_1m (bucket_ms);
        CREATE TABLE frames_1h (
            id        INTEGER PRIMARY KEY,
            agent_id  TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            blob      BLOB NOT NULL,
            UNIQUE (agent_id, bucket_ms)
        );
        CREATE INDEX frames_1h_time ON frames_1h (bucket_ms);

        -- Counters of the store itself, e.g. the rowid of frames_raw rolled up through.
        CREATE TABLE store_state (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE inventory (
            agent_id    TEXT NOT NULL,
            kind        TEXT NOT NULL,
            observed_ms INTEGER NOT NULL,
            items_json  TEXT NOT NULL,
            PRIMARY KEY (agent_id, kind)
        );
        -- Inventory and identity history; identity changes have kind 'identity'.
        CREATE TABLE inventory_changes (
            id          INTEGER PRIMARY KEY,
            agent_id    TEXT NOT NULL,
            kind        TEXT NOT NULL,
            item_key    TEXT NOT NULL,
            change      TEXT NOT NULL,
            before_json TEXT,
            after_json  TEXT,
            observed_ms INTEGER NOT NULL
        );
        CREATE INDEX inventory_changes_agent ON inventory_changes (agent_id, observed_ms);
        CREATE INDEX inventory_changes_kind ON inventory_changes (agent_id, kind, observed_ms);
        CREATE INDEX inventory_changes_time ON inventory_changes (observed_ms);

        CREATE TABLE identity (
            agent_id    TEXT PRIMARY KEY,
            observed_ms INTEGER NOT NULL,
            record_json TEXT NOT NULL
        );
        CREATE TABLE health (
            agent_id TEXT NOT NULL,
            source   TEXT NOT NULL,
            status   TEXT NOT NULL,
            reason   TEXT NOT NULL,
            message  TEXT NOT NULL,
            since_ms INTEGER NOT NULL,
            PRIMARY KEY (agent_id, source)
        );
        CREATE TABLE drift (
            id          INTEGER PRIMARY KEY,
            agent_id    TEXT NOT NULL,
            path        TEXT NOT NULL,
            change      TEXT NOT NULL,
            before_json TEXT,
            after_json  TEXT,
            observed_ms INTEGER NOT NULL
        );
        CREATE INDEX drift_agent ON drift (agent_id, observed_ms);
        CREATE INDEX drift_time ON drift (observed_ms);

        -- seq is the paging cursor: AUTOINCREMENT so it never goes back, even after retention empties the table.
        CREATE TABLE events (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,
            id             TEXT NOT NULL UNIQUE,
            spec_version   TEXT NOT NULL,
            source         TEXT NOT NULL,
            type           TEXT NOT NULL,
            subject        TEXT,
            time_ms        INTEGER NOT NULL,
            content_type   TEXT NOT NULL,
            correlation_id TEXT,
            causation_id   TEXT,
            agent_id       TEXT,
            data_json      TEXT
        );
        CREATE INDEX events_type ON events (type);
        CREATE INDEX events_agent ON events (agent_id);
        CREATE INDEX events_correlation ON events (correlation_id);
        CREATE INDEX events_time ON events (time_ms);
        """,
        """
        -- Maintenance rolls raw frames up one group of hosts at a time: a host's frames after the watermark, by id.
        CREATE INDEX frames_raw_agent_id ON frames_raw (agent_id, id);
        """,
        """
        -- The latest state of each anomaly an agent reported (AnomalyMerge folds its open and close records).
        -- opened_ms is NULL when only the close arrived; closed_ms is NULL while it is open.
        CREATE TABLE anomalies (
            agent_id        TEXT NOT NULL,
            id              TEXT NOT NULL,
            metric          TEXT NOT NULL,
            attrs_json      TEXT NOT NULL,
            since_ms        INTEGER NOT NULL,
            opened_ms       INTEGER,
            closed_ms       INTEGER,
            peak_score      REAL NOT NULL,
            expected_low    REAL NOT NULL,
            expected_high   REAL NOT NULL,
            observed        REAL NOT NULL,
            closed_observed REAL,
            detectors_json  TEXT NOT NULL,
            message         TEXT NOT NULL,
            last_ms         INTEGER NOT NULL,
            PRIMARY KEY (agent_id, id)
        );
        CREATE INDEX anomalies_agent ON anomalies (agent_id, since_ms);
        CREATE INDEX anomalies_since ON anomalies (since_ms);
        CREATE INDEX anomalies_open ON anomalies (since_ms) WHERE closed_ms IS NULL;
        CREATE INDEX anomalies_last ON anomalies (last_ms);
        """,
        """
        -- Compliance evidence, append-only: one run per policy evaluation, one evidence row per check result. Each row
        -- carries evidence_hash (ComplianceEvidenceHash over its fields); each run its digest over its rows' hashes,
        -- which the audit log seals (kind compliance.evidence), so a row changed underneath is found by verify.
        CREATE TABLE compliance_runs (
            id             INTEGER PRIMARY KEY,
            agent_id       TEXT NOT NULL,
            run            TEXT NOT NULL,
            policy         TEXT NOT NULL,
            policy_version TEXT NOT NULL,
            policy_title   TEXT NOT NULL,
            content_hash   TEXT NOT NULL,
            trigger        TEXT NOT NULL,
            trigger_path   TEXT,
            started_ms     INTEGER NOT NULL,
            time_ms        INTEGER NOT NULL,
            received_ms    INTEGER NOT NULL,
            results        INTEGER NOT NULL,
            first_evidence INTEGER NOT NULL,
            last_evidence  INTEGER NOT NULL,
            digest         TEXT NOT NULL,
            UNIQUE (agent_id, run)
        );
        CREATE INDEX compliance_runs_time ON compliance_runs (time_ms);
        CREATE TABLE compliance_evidence (
            id                      INTEGER PRIMARY KEY,
            run_id                  INTEGER NOT NULL,
            agent_id                TEXT NOT NULL,
            time_ms                 INTEGER NOT NULL,
            policy                  TEXT NOT NULL,
            policy_version          TEXT NOT NULL,
            content_hash            TEXT NOT NULL,
            run                     TEXT NOT NULL,
            trigger                 TEXT NOT NULL,
            check_id                TEXT NOT NULL,
            title                   TEXT NOT NULL,
            status                  TEXT NOT NULL,
            observed                TEXT NOT NULL,
            severity                TEXT NOT NULL,
            compliance_json         TEXT NOT NULL,
            references_json         TEXT NOT NULL,
            remediation             TEXT NOT NULL,
            remediation_action_json TEXT,
            evidence_hash           TEXT NOT NULL
        );
        CREATE INDEX compliance_evidence_time ON compliance_evidence (time_ms, id);
        CREATE INDEX compliance_evidence_run ON compliance_evidence (run_id);
        -- The current status of each check on each host (fast current views): since_ms is when it entered that status.
        CREATE TABLE compliance_latest (
            agent_id    TEXT NOT NULL,
            policy      TEXT NOT NULL,
            check_id    TEXT NOT NULL,
            status      TEXT NOT NULL,
            since_ms    INTEGER NOT NULL,
            time_ms     INTEGER NOT NULL,
            evidence_id INTEGER NOT NULL,
            PRIMARY KEY (agent_id, policy, check_id)
        ) WITHOUT ROWID;
        CREATE INDEX compliance_latest_check ON compliance_latest (policy, check_id);
        -- Per host and policy, its latest run (title, version, content hash, trigger of the policy view).
        CREATE TABLE compliance_policy_latest (
            agent_id TEXT NOT NULL,
            policy   TEXT NOT NULL,
            run_id   INTEGER NOT NULL,
            time_ms  INTEGER NOT NULL,
            PRIMARY KEY (agent_id, policy)
        ) WITHOUT ROWID;
        -- Score history in hour buckets, as observed (before exceptions): per host and policy the counts after its last
        -- run in the hour, and per policy the fleet's totals after the last change in the hour (carried forward on read).
        CREATE TABLE compliance_host_history (
            agent_id  TEXT NOT NULL,
            policy    TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            pass      INTEGER NOT NULL,
            fail      INTEGER NOT NULL,
            error     INTEGER NOT NULL,
            PRIMARY KEY (agent_id, policy, bucket_ms)
        ) WITHOUT ROWID;
        CREATE TABLE compliance_fleet_totals (
            policy TEXT NOT NULL,
            status TEXT NOT NULL,
            count  INTEGER NOT NULL,
            PRIMARY KEY (policy, status)
        ) WITHOUT ROWID;
        CREATE TABLE compliance_fleet_history (
            policy    TEXT NOT NULL,
            bucket_ms INTEGER NOT NULL,
            pass      INTEGER NOT NULL,
            fail      INTEGER NOT NULL,
            error     INTEGER NOT NULL,
            PRIMARY KEY (policy, bucket_ms)
        ) WITHOUT ROWID;
        -- Waivers: created and revoked by admins, never deleted (a revoked one keeps its row).
        CREATE TABLE compliance_exceptions (
            id         TEXT PRIMARY KEY,
            policy     TEXT,
            check_id   TEXT NOT NULL,
            selector   TEXT NOT NULL,
            kind       TEXT NOT NULL,
            owner      TEXT NOT NULL,
            reason     TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            expires_ms INTEGER NOT NULL,
            revoked_ms INTEGER,
            revoked_by TEXT
        );
        CREATE TABLE compliance_remediations (
            id         TEXT PRIMARY KEY,
            agent_id   TEXT NOT NULL,
            hostname   TEXT NOT NULL,
            policy     TEXT NOT NULL,
            check_id   TEXT NOT NULL,
            action     TEXT NOT NULL,
            params     TEXT NOT NULL,
            automatic  INTEGER NOT NULL,
            state      TEXT NOT NULL,
            dry_run_action TEXT,
            dry_run    TEXT,
            action_id  TEXT,
            verify_action TEXT,
            verify     TEXT,
            error      TEXT,
            created_ms INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            created_by_token TEXT NOT NULL,
            updated_ms INTEGER NOT NULL
        );
        CREATE INDEX compliance_remediations_agent ON compliance_remediations (agent_id, created_ms);
        CREATE INDEX compliance_remediations_state ON compliance_remediations (state);
        """,
    ];
}

package nl.meldpunt.notification.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The row of an obligation. The version is the domain's (one per change, as in its events);
 * changes lock the incident row first, so no JPA optimistic locking is involved.
 */
@Entity
@Table(name = "obligation")
public class StoredObligation extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(name = "incident_reference")
    public String incidentReference;
    public String kind;
    public String party;
    public String recipient;
    public String state;
    @Column(name = "legal_basis")
    public String legalBasis;
    @Column(name = "clock_started_at")
    public Instant clockStartedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "fulfilled_at")
    public Instant fulfilledAt;
    @Column(name = "submission_reference")
    public String submissionReference;
    @Column(name = "delay_reason")
    public String delayReason;
    @Column(name = "waive_justification")
    public String waiveJustification;
    @Column(name = "required_by_rules")
    public boolean requiredByRules;
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    public String history;
    @Column(name = "due_soon_emitted_at")
    public Instant dueSoonEmittedAt;
    @Column(name = "overdue_emitted_at")
    public Instant overdueEmittedAt;
}

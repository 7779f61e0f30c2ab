package nl.meldpunt.investigation.persistence;

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
 * The row of an investigation. The version is the domain's (one per change, as in the event
 * log) and changes take a row lock, so no JPA optimistic locking is involved.
 */
@Entity
@Table(name = "investigation")
public class StoredInvestigation extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    @Column(name = "incident_reference")
    public String incidentReference;
    public String authority;
    public String status;
    public String basis;
    public String assignee;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "concluded_at")
    public Instant concludedAt;
    public String outcome;
    public String summary;
    /** JSON array of strings. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String measures;
    @Column(name = "finding_count")
    public int findingCount;
    public long version;
}

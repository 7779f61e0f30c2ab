package nl.meldpunt.incident.persistence;

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
 * The row of an incident. Filterable facts are columns; the analyst-stated details are one
 * JSONB document. The version is managed by the domain (one per change, as in the event log),
 * and changes take a row lock, so no JPA optimistic locking is involved.
 */
@Entity
@Table(name = "incident")
public class StoredIncident extends PanacheEntityBase {

    @Id
    public UUID id;
    public String reference;
    public String status;
    public String severity;
    public String tlp;
    public String title;
    @Column(name = "organisation_name")
    public String organisationName;
    @Column(name = "organisation_kind")
    public String organisationKind;
    @Column(name = "required_authorities")
    public String requiredAuthorities;
    @JdbcTypeCode(SqlTypes.JSON)
    public String details;
    @Column(name = "reported_by_subject")
    public String reportedBySubject;
    @Column(name = "reported_by_org")
    public String reportedByOrg;
    @Column(name = "reported_at")
    public Instant reportedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long version;
}

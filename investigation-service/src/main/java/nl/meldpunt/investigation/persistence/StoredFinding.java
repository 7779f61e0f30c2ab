package nl.meldpunt.investigation.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A finding, stored verbatim; append-only. */
@Entity
@Table(name = "finding")
public class StoredFinding extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "investigation_id")
    public UUID investigationId;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String authority;
    public String visibility;
    public String text;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}

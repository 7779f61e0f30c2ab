package nl.meldpunt.incident.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An investigation into an incident, as announced on investigation-events. */
@Entity
@Table(name = "incident_investigation")
public class StoredInvestigation extends PanacheEntityBase {

    @Id
    @Column(name = "investigation_id")
    public UUID investigationId;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String authority;
    public boolean concluded;
    @Column(name = "opened_at")
    public Instant openedAt;
}

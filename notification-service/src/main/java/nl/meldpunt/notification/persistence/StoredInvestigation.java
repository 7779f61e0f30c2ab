package nl.meldpunt.notification.persistence;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An authority's investigation into an incident, as announced on investigation-events. */
@Entity
@Table(name = "investigation")
public class StoredInvestigation extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "incident_id")
    public UUID incidentId;
    public String authority;
    public String status;
    public long version;
}

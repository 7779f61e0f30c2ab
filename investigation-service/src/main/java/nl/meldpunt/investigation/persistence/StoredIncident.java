package nl.meldpunt.investigation.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An incident as learnt from incident-events; never changed through this service's API. */
@Entity
@Table(name = "incident")
public class StoredIncident extends PanacheEntityBase {

    @Id
    public UUID id;
    public String reference;
    public String tlp;
    public String status;
    @Column(name = "required_authorities")
    public String requiredAuthorities;
    public long version;
    @Column(name = "learnt_at")
    public Instant learntAt;
}

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

/** The latest snapshot of an incident received on incident-events. */
@Entity
@Table(name = "incident")
public class StoredIncident extends PanacheEntityBase {

    @Id
    public UUID id;
    public String reference;
    public String tlp;
    public String severity;
    public long version;
    @JdbcTypeCode(SqlTypes.JSON)
    public String snapshot;
    @Column(name = "received_at")
    public Instant receivedAt;
}

package nl.meldpunt.notification.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A webhook subscription as stored (table webhook_subscription). */
@Entity
@Table(name = "webhook_subscription")
public class StoredSubscription extends PanacheEntityBase {

    public enum State { ACTIVE, PAUSED, DISABLED }

    @Id
    public UUID id;
    @Column(name = "owner_subject")
    public String ownerSubject;
    @Column(name = "owner_role")
    public String ownerRole;
    @Column(name = "owner_authority")
    public String ownerAuthority;
    public String url;
    public String description;
    @Column(name = "filter_incident_id")
    public UUID filterIncidentId;
    @Column(name = "filter_authority")
    public String filterAuthority;
    @Column(name = "filter_types")
    public String filterTypes;
    @Column(name = "filter_min_severity")
    public String filterMinSeverity;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public State state;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "disabled_at")
    public Instant disabledAt;
    @Column(name = "failing_since")
    public Instant failingSince;
    public String secret;
    @Column(name = "previous_secret")
    public String previousSecret;
    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long version;
}

package nl.meldpunt.notification.webhook;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Severity;
import nl.meldpunt.notification.events.EventFilter;
import nl.meldpunt.reader.Reader;

/** What the fan-out needs of a subscription: whom it is for and what it asks for. */
public record SubscriptionTarget(UUID id, Reader reader, EventFilter filter) {

    static SubscriptionTarget of(StoredSubscription s) {
        return new SubscriptionTarget(s.id, reader(s), filter(s));
    }

    /** The reader the deliveries are filtered for: the role and authority of the token that created the subscription. */
    static Reader reader(StoredSubscription s) {
        Reader.Role role = Reader.Role.valueOf(s.ownerRole);
        return new Reader(role, s.ownerAuthority == null ? null : Authority.valueOf(s.ownerAuthority));
    }

    static EventFilter filter(StoredSubscription s) {
        Set<String> types = s.filterTypes == null || s.filterTypes.isBlank() ? Set.of()
                : Arrays.stream(s.filterTypes.split(",")).collect(Collectors.toSet());
        return new EventFilter(s.filterIncidentId, s.filterAuthority == null ? null : Authority.valueOf(s.filterAuthority),
                types, s.filterMinSeverity == null ? null : Severity.valueOf(s.filterMinSeverity));
    }
}

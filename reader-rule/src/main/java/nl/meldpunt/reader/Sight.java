package nl.meldpunt.reader;

import java.util.Optional;

import nl.meldpunt.contract.Actor;
import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.IncidentEventData;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.InvestigationEventData;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.ObligationEventData;
import nl.meldpunt.contract.ObligationKind;
import nl.meldpunt.contract.ObligationSnapshot;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.contract.Visibility;

/**
 * What one reader may see of one case, as decided by {@link ReaderRule}. It shapes every record
 * of that case the same way, whether it leaves by REST, a webhook or a stream: a field the
 * reader may not see is left out ({@code null}), and a case the reader may not know of gives
 * nothing at all.
 */
public final class Sight {

    private final Reader reader;
    private final Tlp tlp;
    private final boolean investigates;

    Sight(Reader reader, Tlp tlp, boolean investigates) {
        this.reader = reader;
        this.tlp = tlp;
        this.investigates = investigates;
    }

    public Reader reader() {
        return reader;
    }

    public Tlp tlp() {
        return tlp;
    }

    public boolean shows(Field field) {
        if (field == Field.AUTHORITY_FINDING) {
            throw new IllegalArgumentException("an AUTHORITY finding is shown per authority: use showsFinding");
        }
        return ReaderRule.shows(reader, tlp, investigates, field, null);
    }

    /** Whether the reader may read the text of a finding with this owner and visibility. */
    public boolean showsFinding(Authority owner, Visibility visibility) {
        return ReaderRule.shows(reader, tlp, investigates,
                visibility == Visibility.SHARED ? Field.SHARED_FINDING : Field.AUTHORITY_FINDING, owner);
    }

    public View view() {
        if (!shows(Field.MARKING)) {
            return View.HIDDEN;
        }
        return shows(Field.FREE_TEXT) ? View.FULL : View.REDACTED;
    }

    public boolean hidden() {
        return view() == View.HIDDEN;
    }

    /** The incident as the reader may see it; empty when the incident does not exist for them. */
    public Optional<IncidentSnapshot> incident(IncidentSnapshot s) {
        if (s == null || hidden()) {
            return Optional.empty();
        }
        if (shows(Field.FREE_TEXT) && shows(Field.NAMES)) {
            return Optional.of(s);
        }
        Organization org = s.affectedOrganization() == null ? null
                : new Organization(null, s.affectedOrganization().kind(), null, null, null);
        return Optional.of(new IncidentSnapshot(s.id(), s.reference(), null, null, null, s.severity(), s.tlp(), org, null,
                null, null, null, s.reportedAt(), null, null, null, null, null, null, null, null, null, null, null,
                s.status(), s.version(), s.updatedAt()));
    }

    /** The investigation as the reader may see it: where it stands, and its words only in the full view. */
    public Optional<InvestigationSnapshot> investigation(InvestigationSnapshot s) {
        if (s == null || hidden()) {
            return Optional.empty();
        }
        if (shows(Field.FREE_TEXT) && shows(Field.NAMES)) {
            return Optional.of(s);
        }
        return Optional.of(new InvestigationSnapshot(s.id(), s.incidentId(), s.incidentReference(), s.authority(),
                s.status(), null, null, s.openedAt(), s.assignedAt(), s.concludedAt(), s.outcome(), null, null,
                s.findingCount(), s.version()));
    }

    /** A finding the reader may read, whole; empty when they may not read its text. */
    public Optional<Finding> finding(Finding f) {
        if (f == null || !showsFinding(f.authority(), f.visibility())) {
            return Optional.empty();
        }
        return Optional.of(f);
    }

    /**
     * A finding as an event about it may show it: that it was recorded, by which authority and with
     * which visibility, always; its text only to readers of that text.
     */
    public Optional<Finding> findingNotice(Finding f) {
        if (f == null || hidden()) {
            return Optional.empty();
        }
        if (showsFinding(f.authority(), f.visibility())) {
            return Optional.of(f);
        }
        return Optional.of(new Finding(f.id(), f.authority(), f.visibility(), null, null, f.recordedAt()));
    }

    /** An obligation: its kind, state and due times for every reader of the case; names and case work per the rule. */
    public Optional<ObligationSnapshot> obligation(ObligationSnapshot o) {
        if (o == null || hidden()) {
            return Optional.empty();
        }
        boolean names = shows(Field.NAMES);
        boolean work = shows(Field.CASE_WORK);
        return Optional.of(new ObligationSnapshot(o.id(), o.incidentId(), o.incidentReference(), o.kind(),
                names ? o.party() : null, names ? o.recipient() : recipientWithoutNames(o.kind(), o.recipient()), o.state(),
                o.legalBasis(), o.clockStartedAt(), o.dueAt(), o.fulfilledAt(), work ? o.submissionReference() : null,
                work ? o.delayReason() : null, work ? o.waiveJustification() : null, o.version()));
    }

    /**
     * The recipient of GDPR Art. 33(2) is a controller, named; the other recipients are authorities
     * or "data subjects", which name no one.
     */
    public static String recipientWithoutNames(ObligationKind kind, String recipient) {
        return kind == ObligationKind.GDPR_ART33_2_CONTROLLER ? null : recipient;
    }

    /** Who made a change: a person's name and organisation are names; their role and authority are not. */
    public Actor actor(Actor a) {
        if (a == null || shows(Field.NAMES)) {
            return a;
        }
        return new Actor(null, null, a.role(), a.authority());
    }

    public Optional<IncidentEventData> incidentEvent(IncidentEventData d) {
        return incident(d.incident()).map(i -> new IncidentEventData(i, actor(d.actor()), d.changedFields(),
                shows(Field.FREE_TEXT) ? d.reason() : null, d.investigationId(), d.authority()));
    }

    public Optional<InvestigationEventData> investigationEvent(InvestigationEventData d) {
        return investigation(d.investigation()).map(i -> new InvestigationEventData(i, actor(d.actor()),
                findingNotice(d.finding()).orElse(null)));
    }

    public Optional<ObligationEventData> obligationEvent(ObligationEventData d) {
        return obligation(d.obligation()).map(o -> new ObligationEventData(o, actor(d.actor()),
                shows(Field.CASE_WORK) ? d.note() : null));
    }
}

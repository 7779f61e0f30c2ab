package nl.meldpunt.notification.service;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import nl.meldpunt.contract.Tlp;
import nl.meldpunt.notification.domain.Obligation;
import nl.meldpunt.notification.domain.ReadPolicy;
import nl.meldpunt.notification.domain.ReadPolicy.View;
import nl.meldpunt.notification.persistence.StoredIncident;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/** Applies {@link ReadPolicy} to the caller of this request, incident by incident. */
@RequestScoped
public class ObligationAccess {

    @Inject
    EntityManager em;

    @Inject
    Investigations investigations;

    private final Map<UUID, View> views = new HashMap<>();

    public View view(Caller caller, UUID incidentId) {
        return views.computeIfAbsent(incidentId, id -> {
            StoredIncident incident = em.find(StoredIncident.class, id);
            Tlp tlp = incident == null ? Tlp.RED : Tlp.valueOf(incident.tlp);
            ReadPolicy.Reader reader = switch (caller.role()) {
                case ANALYST -> ReadPolicy.Reader.ANALYST;
                case VIEWER -> ReadPolicy.Reader.VIEWER;
                case INVESTIGATOR -> investigations.investigates(caller.authority().orElseThrow(), id)
                        ? ReadPolicy.Reader.INVESTIGATOR_OF_INCIDENT : ReadPolicy.Reader.OTHER_INVESTIGATOR;
            };
            return ReadPolicy.view(reader, tlp);
        });
    }

    /** The caller's view of the obligation; 403 when they may not see it at all. */
    public View require(Caller caller, Obligation o) {
        View v = view(caller, o.incidentId());
        if (v == View.HIDDEN) {
            throw ProblemException.forbidden(caller.is(Caller.Role.INVESTIGATOR)
                    ? "your authority does not investigate incident " + o.incidentReference()
                    : "incident " + o.incidentReference() + " is TLP:RED and shown only to analysts and investigating authorities");
        }
        return v;
    }

    /** Drafts carry the case facts: analysts and investigating authorities only. */
    public void requireDraft(Caller caller, Obligation o) {
        if (!ReadPolicy.mayReadDraft(require(caller, o))) {
            throw ProblemException.forbidden("drafts carry the case facts and are shown only to analysts and investigating "
                    + "authorities; viewers see states and due times");
        }
    }
}

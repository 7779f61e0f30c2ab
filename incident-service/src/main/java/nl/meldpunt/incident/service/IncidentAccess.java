package nl.meldpunt.incident.service;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.IncidentSnapshot;
import nl.meldpunt.contract.Organization;
import nl.meldpunt.incident.domain.TlpPolicy;
import nl.meldpunt.incident.domain.TlpPolicy.View;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/** Applies {@link TlpPolicy} and the investigator's authority to what a caller reads. */
@ApplicationScoped
public class IncidentAccess {

    @Inject
    IncidentService incidents;

    public View view(Caller caller, IncidentSnapshot incident) {
        return TlpPolicy.view(reader(caller, incident), incident.tlp());
    }

    /** The incident as this caller may see it; 403 when they may not see it at all. */
    public IncidentSnapshot visible(Caller caller, IncidentSnapshot incident) {
        View view = view(caller, incident);
        if (view == View.HIDDEN) {
            throw ProblemException.forbidden(caller.is(Caller.Role.INVESTIGATOR)
                    ? "your authority does not investigate incident " + incident.reference()
                    : "incident " + incident.reference() + " is TLP:" + incident.tlp()
                            + " and shown only to analysts and investigating authorities");
        }
        return view == View.FULL ? incident : redacted(incident);
    }

    /** For the timeline: analysts and investigators of the incident only, or viewers of CLEAR/GREEN. */
    public void requireFull(Caller caller, IncidentSnapshot incident) {
        if (view(caller, incident) != View.FULL) {
            throw ProblemException.forbidden("the timeline of a TLP:" + incident.tlp()
                    + " incident is shown only to analysts and investigating authorities");
        }
    }

    private TlpPolicy.Reader reader(Caller caller, IncidentSnapshot incident) {
        return switch (caller.role()) {
            case ANALYST -> TlpPolicy.Reader.ANALYST;
            case VIEWER -> TlpPolicy.Reader.VIEWER;
            case INVESTIGATOR -> investigates(caller.authority().orElseThrow(), incident)
                    ? TlpPolicy.Reader.INVESTIGATOR_OF_INCIDENT : TlpPolicy.Reader.OTHER_INVESTIGATOR;
        };
    }

    private boolean investigates(Authority authority, IncidentSnapshot incident) {
        Set<Authority> required = incident.requiredAuthorities();
        return (required != null && required.contains(authority))
                || incidents.investigatingAuthorities(incident.id()).contains(authority);
    }

    /** AMBER for viewers: reference, status, severity and organisation kind; no free text. */
    static IncidentSnapshot redacted(IncidentSnapshot s) {
        Organization org = s.affectedOrganization() == null ? null
                : new Organization(null, s.affectedOrganization().kind(), null, null, null);
        return new IncidentSnapshot(s.id(), s.reference(), null, null, null, s.severity(), s.tlp(), org, null, null, null, null,
                s.reportedAt(), null, null, null, null, null, null, null, null, null, null, null, s.status(), s.version(),
                s.updatedAt());
    }

    public List<IncidentSnapshot> visibleList(Caller caller, List<IncidentSnapshot> list) {
        return list.stream().filter(s -> view(caller, s) != View.HIDDEN).map(s -> visible(caller, s)).toList();
    }
}

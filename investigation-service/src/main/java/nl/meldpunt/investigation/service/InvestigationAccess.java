package nl.meldpunt.investigation.service;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import nl.meldpunt.contract.Authority;
import nl.meldpunt.contract.Finding;
import nl.meldpunt.contract.InvestigationSnapshot;
import nl.meldpunt.contract.Tlp;
import nl.meldpunt.investigation.domain.AccessPolicy;
import nl.meldpunt.investigation.domain.AccessPolicy.Reader;
import nl.meldpunt.investigation.domain.AccessPolicy.View;
import nl.meldpunt.investigation.persistence.StoredFinding;
import nl.meldpunt.investigation.persistence.StoredIncident;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/** Applies {@link AccessPolicy} to what a caller reads: which investigations, which findings, how much text. */
@ApplicationScoped
public class InvestigationAccess {

    @Inject
    EntityManager em;

    @Inject
    InvestigationMapper mapper;

    public static Reader readerOf(Caller caller) {
        return switch (caller.role()) {
            case ANALYST -> Reader.analyst();
            case INVESTIGATOR -> Reader.investigator(caller.authority().orElseThrow());
            case VIEWER -> Reader.viewer();
        };
    }

    /** The investigation as this caller may see it; 403 when they may not see it at all. */
    public InvestigationView visible(Caller caller, InvestigationSnapshot investigation) {
        List<InvestigationView> views = visibleList(caller, List.of(investigation));
        if (views.isEmpty()) {
            throw ProblemException.forbidden(caller.is(Caller.Role.INVESTIGATOR)
                    ? "your authority does not investigate incident " + investigation.incidentReference()
                    : "incident " + investigation.incidentReference()
                            + " is TLP:RED and shown only to analysts and investigating authorities");
        }
        return views.get(0);
    }

    /** The investigations this caller may see, each as they may see it, in the order given. */
    public List<InvestigationView> visibleList(Caller caller, List<InvestigationSnapshot> investigations) {
        if (investigations.isEmpty()) {
            return List.of();
        }
        Reader reader = readerOf(caller);
        Set<UUID> incidentIds = investigations.stream().map(InvestigationSnapshot::incidentId).collect(Collectors.toSet());
        Map<UUID, Tlp> tlp = tlp(incidentIds);
        Map<UUID, Set<Authority>> investigating = investigating(incidentIds);
        Map<UUID, List<Finding>> findings = reader.role() == AccessPolicy.Role.VIEWER ? Map.of()
                : findings(investigations.stream().map(InvestigationSnapshot::id).toList());
        return investigations.stream().map(s -> {
            View view = AccessPolicy.view(reader, tlp.get(s.incidentId()), investigating.get(s.incidentId()));
            return switch (view) {
                case HIDDEN -> null;
                case REDACTED -> InvestigationView.redacted(s);
                case FULL -> InvestigationView.of(s, reader.role() == AccessPolicy.Role.VIEWER ? null
                        : findings.getOrDefault(s.id(), List.of()).stream()
                                .filter(f -> AccessPolicy.showsFinding(reader, f)).toList());
            };
        }).filter(v -> v != null).toList();
    }

    /** One finding of the investigation, if the caller may read its text. */
    public Finding visibleFinding(Caller caller, InvestigationSnapshot investigation, UUID findingId) {
        visible(caller, investigation);
        StoredFinding row = em.find(StoredFinding.class, findingId);
        if (row == null || !row.investigationId.equals(investigation.id())) {
            throw ProblemException.notFound("investigation " + investigation.id() + " has no finding " + findingId);
        }
        Finding finding = mapper.toFinding(row);
        if (!AccessPolicy.showsFinding(readerOf(caller), finding)) {
            throw ProblemException.forbidden(caller.is(Caller.Role.VIEWER) ? "viewers do not read findings"
                    : "this finding is for " + finding.authority() + " only");
        }
        return finding;
    }

    private Map<UUID, Tlp> tlp(Set<UUID> incidentIds) {
        Map<UUID, Tlp> result = new HashMap<>();
        em.createQuery("FROM StoredIncident WHERE id IN ?1", StoredIncident.class).setParameter(1, incidentIds)
                .getResultList().forEach(i -> result.put(i.id, Tlp.valueOf(i.tlp)));
        return result;
    }

    private Map<UUID, Set<Authority>> investigating(Set<UUID> incidentIds) {
        Map<UUID, Set<Authority>> result = new HashMap<>();
        incidentIds.forEach(id -> result.put(id, EnumSet.noneOf(Authority.class)));
        em.createQuery("SELECT i.incidentId, i.authority FROM StoredInvestigation i WHERE i.incidentId IN ?1", Object[].class)
                .setParameter(1, incidentIds).getResultList()
                .forEach(r -> result.get((UUID) r[0]).add(Authority.valueOf((String) r[1])));
        return result;
    }

    private Map<UUID, List<Finding>> findings(List<UUID> investigationIds) {
        return em.createQuery("FROM StoredFinding WHERE investigationId IN ?1 ORDER BY recordedAt, id", StoredFinding.class)
                .setParameter(1, investigationIds).getResultList().stream()
                .collect(Collectors.groupingBy(f -> f.investigationId, Collectors.mapping(mapper::toFinding,
                        Collectors.toList())));
    }
}

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
import nl.meldpunt.investigation.persistence.StoredFinding;
import nl.meldpunt.investigation.persistence.StoredIncident;
import nl.meldpunt.reader.Reader;
import nl.meldpunt.reader.ReaderRule;
import nl.meldpunt.reader.Sight;
import nl.meldpunt.support.rest.Caller;
import nl.meldpunt.support.rest.ProblemException;

/**
 * Asks the reader rule what a caller may read of investigations: which ones, how much of each,
 * and which findings. An investigation whose incident the caller may not know of answers 404.
 */
@ApplicationScoped
public class InvestigationAccess {

    @Inject
    EntityManager em;

    @Inject
    InvestigationMapper mapper;

    /** What the caller may see of the incident this investigation is about. */
    public Sight sight(Caller caller, UUID incidentId) {
        Set<UUID> ids = Set.of(incidentId);
        return ReaderRule.sight(caller.reader(), tlp(ids).get(incidentId), investigating(ids).get(incidentId));
    }

    /** The investigation as this caller may see it; 404 when its incident does not exist for them. */
    public InvestigationView visible(Caller caller, InvestigationSnapshot investigation) {
        List<InvestigationView> views = visibleList(caller, List.of(investigation));
        if (views.isEmpty()) {
            throw notFound(investigation.id());
        }
        return views.get(0);
    }

    public static ProblemException notFound(UUID investigationId) {
        return ProblemException.notFound("no investigation " + investigationId);
    }

    /** The investigations this caller may see, each as they may see it, in the order given. */
    public List<InvestigationView> visibleList(Caller caller, List<InvestigationSnapshot> investigations) {
        if (investigations.isEmpty()) {
            return List.of();
        }
        Reader reader = caller.reader();
        Set<UUID> incidentIds = investigations.stream().map(InvestigationSnapshot::incidentId).collect(Collectors.toSet());
        Map<UUID, Tlp> tlp = tlp(incidentIds);
        Map<UUID, Set<Authority>> investigating = investigating(incidentIds);
        Map<UUID, List<Finding>> findings = findings(investigations.stream().map(InvestigationSnapshot::id).toList());
        return investigations.stream().flatMap(s -> {
            Sight sight = ReaderRule.sight(reader, tlp.get(s.incidentId()), investigating.get(s.incidentId()));
            List<Finding> readable = findings.getOrDefault(s.id(), List.of()).stream()
                    .flatMap(f -> sight.finding(f).stream()).toList();
            return sight.investigation(s)
                    .map(shown -> InvestigationView.of(shown, reader.is(Reader.Role.VIEWER) ? null : readable)).stream();
        }).toList();
    }

    /** One finding of the investigation, if the caller may read its text; 404 otherwise, as if it did not exist. */
    public Finding visibleFinding(Caller caller, InvestigationSnapshot investigation, UUID findingId) {
        visible(caller, investigation);
        StoredFinding row = em.find(StoredFinding.class, findingId);
        if (row == null || !row.investigationId.equals(investigation.id())) {
            throw ProblemException.notFound("investigation " + investigation.id() + " has no finding " + findingId);
        }
        Finding finding = mapper.toFinding(row);
        return sight(caller, investigation.incidentId()).finding(finding).orElseThrow(() -> ProblemException.notFound(
                "investigation " + investigation.id() + " has no finding " + findingId + " that you may read"));
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

package nl.meldpunt.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What personal data the breach touches: counts and categories only, never data about the subjects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PersonalData(Boolean involved, List<SpecialCategory> specialCategories, Long estimatedDataSubjects,
        List<String> dataCategories) {
}

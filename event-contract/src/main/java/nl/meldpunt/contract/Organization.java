package nl.meldpunt.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The organisation hit by the incident. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Organization(String name, OrganizationKind kind, Sector sector, Nis2Entity nis2Entity, OrganizationRole role) {
}

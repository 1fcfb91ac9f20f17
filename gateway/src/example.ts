/**
 * The operation GraphiQL opens with: a person's complete welfare position, one query across every
 * subgraph (the gateway fetches the subgraphs in parallel where the plan allows).
 */
export const EXAMPLE_OPERATION = `# siuss-hub: a person's complete welfare position in one query.
# SPSNNA41A69F839C (ANNA ESPOSITO) is a demo person loaded by \`npm start\`; try RSSMRA80C15H501M too.
# Without $asOf, isee is the current ISEE (the attestation valid today); set it to see another date.
query WelfarePosition($taxCode: CodiceFiscale! = "SPSNNA41A69F839C", $asOf: Date) {
  person(taxCode: $taxCode) {
    taxCode
    surname
    name
    birthYear
    residences { comune { name provinceAbbreviation siossAmbito { code name } } }
    # benefits subgraph, with ISEE data from the registries subgraph and SINA from assessments
    benefits(first: 20) {
      totalCount
      edges {
        node {
          code
          description
          nature
          startDate
          endDate
          paymentDate
          monthlyAmount
          amount
          status
          ente { code name }
          dsu { number }
          isee { value kind validUntil source fetchedAt }
          iseeCheck { status problems { problem detail } }
          sinaAssessment { assessmentDate mobility dailyLiving }
        }
      }
    }
    # assessments subgraph
    sinaAssessments { assessmentDate ente { code name } mobility dailyLiving assessmentInstrument civilInvalidity neededBenefitCodes }
    # registries subgraph (ISEE and NSIS)
    isee(asOf: $asOf) { dsuProtocol kind value isr isp equivalenceScale validUntil source fetchedAt }
    health {
      civilInvalidity { percentage accompanyingAllowance }
      law104 { severe }
      homeCare { kind startDate endDate }
      residentialCare { setting facilityKind admissionDate dischargeDate }
      source
      fetchedAt
    }
    # offering subgraph (SIOSS): services declared by the Ambito where the person lives
    servicesNearby { catalogueCode catalogueItem { label macroActivity } managingBody { name } capacity }
  }
}
`;

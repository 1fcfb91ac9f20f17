/** The operation GraphiQL opens with: the demo person's identity and benefits. */
export const EXAMPLE_OPERATION = `# siuss-hub: a person's welfare position across the subgraphs.
# RSSMRA80C15H501M is a demo person loaded by \`npm start\`.
query WelfarePosition($taxCode: CodiceFiscale! = "RSSMRA80C15H501M") {
  person(taxCode: $taxCode) {
    taxCode
    surname
    name
    birthYear
    residences { comune { name provinceAbbreviation } }
    benefits(first: 10) {
      totalCount
      edges {
        node {
          code
          description
          startDate
          paymentDate
          monthlyAmount
          amount
          status
          ente { code name }
        }
      }
    }
  }
}
`;

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RECORD, recordInput, startHarness, type Harness } from './testing.ts';
import { demoTaxCode } from './seed/demo.ts';

const PEOPLE = Array.from({ length: 30 }, (_, index) =>
  demoTaxCode({ surname: `BATCH`, name: `PERSON${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[index % 26]}${index >= 26 ? 'Z' : ''}`, sex: index % 2 ? 'F' : 'M', born: `19${50 + index}-0${1 + (index % 9)}-1${index % 9}`, birthPlace: 'F205' }));

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { taxCode surname benefits(first: 5) { totalCount edges { node { id code ente { name } submission { channel } } } } }
    ... on Benefit { id code person { taxCode } }
  }
}`;

describe('_entities batching', () => {
  let harness: Harness;
  const benefitIds: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    for (const taxCode of PEOPLE) {
      for (const protocol of ['B-1', 'B-2', 'B-3']) {
        const result = await harness.execute(RECORD, { input: recordInput({ taxCode, benefit: { applicationProtocol: protocol } }) });
        expect(result.errors).toBeUndefined();
        benefitIds.push(result.data?.recordBenefit.benefit.id);
      }
    }
  });
  afterAll(async () => {
    await harness.close();
  });

  async function statementsFor(representations: object[]) {
    const { result, statements } = await harness.sql.measure(() => harness.execute(ENTITIES, { representations }));
    expect(result.errors).toBeUndefined();
    return { result, statements };
  }

  it('resolves many persons with their benefits in a constant number of statements', async () => {
    const one = await statementsFor([{ __typename: 'Person', taxCode: PEOPLE[0] }]);
    const many = await statementsFor(PEOPLE.map((taxCode) => ({ __typename: 'Person', taxCode })));
    expect(many.result.data?._entities).toHaveLength(30);
    expect(many.result.data?._entities.every((person: any) => person.benefits.totalCount === 3)).toBe(true);
    // beneficiaries, benefit pages, submissions: one statement each however many persons.
    expect(one.statements).toHaveLength(3);
    expect(many.statements).toHaveLength(3);
    expect(many.statements.filter((sql) => /from "benefits"\."beneficiary"|from benefits\.beneficiary/i.test(sql))).toHaveLength(1);
  });

  it('resolves many benefits in one statement per table', async () => {
    const many = await statementsFor(benefitIds.slice(0, 40).map((id) => ({ __typename: 'Benefit', id })));
    expect(many.result.data?._entities).toHaveLength(40);
    expect(many.statements).toHaveLength(2);
  });

  it('returns null for unknown representations without failing the batch', async () => {
    const { result } = await statementsFor([
      { __typename: 'Person', taxCode: 'XXXXXX80P20B501B' },
      { __typename: 'Person', taxCode: PEOPLE[1] },
    ]);
    expect(result.data?._entities[0]).toBeNull();
    expect(result.data?._entities[1].taxCode).toBe(PEOPLE[1]);
  });
});

describe('Comune entity', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('resolves references from other subgraphs, null for unknown codes', async () => {
    const result = await harness.execute(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Comune { istatCode belfioreCode name provinceAbbreviation regionName } } }`, {
      r: [{ __typename: 'Comune', istatCode: '058091' }, { __typename: 'Comune', istatCode: '999999' }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { istatCode: '058091', belfioreCode: 'H501', name: 'Roma', provinceAbbreviation: 'RM', regionName: 'Lazio' },
      null,
    ]);
  });
});

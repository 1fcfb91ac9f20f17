import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { RECORD_SINA, sinaInput, startHarness, type Harness } from './testing.ts';

// Valid codici fiscali of invented persons, one assessment each (two for the first).
const PEOPLE = ['RSSMRK66C14H501U', 'RSSMRA80C15H501M', 'BNCGLI75S42F205Y', 'SPSNNA41A69F839C', 'RSSLCU15A11F839Z', 'RMNGPP41R19L219M', 'FRRLNE90L44L219T'];

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Person { taxCode sinaAssessments { id assessmentDate submission { channel } ente { name } } }
    ... on Benefit { id sinaAssessment { id mobility submission { receivedAt } } }
  }
}`;

describe('_entities batching', () => {
  let harness: Harness;
  const benefitIds: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    for (const [i, taxCode] of [...PEOPLE, PEOPLE[0] as string].entries()) {
      const benefitId = randomUUID();
      const result = await harness.execute(RECORD_SINA, { input: sinaInput({ taxCode, benefitId, assessmentDate: `2024-0${(i % 9) + 1}-15` }) });
      expect(result.errors).toBeUndefined();
      benefitIds.push(benefitId);
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

  it('resolves many persons with their assessments in a constant number of statements', async () => {
    const one = await statementsFor([{ __typename: 'Person', taxCode: PEOPLE[1], access: 'FULL' }]);
    const many = await statementsFor(PEOPLE.map((taxCode) => ({ __typename: 'Person', taxCode, access: 'FULL' })));
    expect(many.result.data?._entities).toHaveLength(PEOPLE.length);
    expect(many.result.data?._entities[0].sinaAssessments.map((a: { assessmentDate: string }) => a.assessmentDate)).toEqual(['2024-08-15', '2024-01-15']);
    expect(many.result.data?._entities.slice(1).every((p: { sinaAssessments: unknown[] }) => p.sinaAssessments.length === 1)).toBe(true);
    // assessments, submissions: one statement each however many persons.
    expect(one.statements).toHaveLength(2);
    expect(many.statements).toHaveLength(2);
    expect(many.statements.filter((sql) => /from "assessments"\."sina_assessment"/.test(sql))).toHaveLength(1);
  });

  it('resolves many benefits in one statement for the assessments', async () => {
    const many = await statementsFor(benefitIds.map((id) => ({ __typename: 'Benefit', id })));
    expect(many.result.data?._entities).toHaveLength(benefitIds.length);
    expect(many.result.data?._entities.every((b: { sinaAssessment: unknown }) => b.sinaAssessment !== null)).toBe(true);
    expect(many.statements).toHaveLength(2);
  });

  it('batches persons and benefits of one call together, and answers unknown keys with empty results', async () => {
    const { result, statements } = await statementsFor([
      { __typename: 'Person', taxCode: 'XXXXXX80P20B501B', access: 'FULL' },
      { __typename: 'Benefit', id: randomUUID() },
      { __typename: 'Benefit', id: 'not-a-uuid' },
      { __typename: 'Person', taxCode: PEOPLE[2], access: 'FULL' },
      { __typename: 'Benefit', id: benefitIds[3] },
    ]);
    expect(result.data?._entities[0]).toEqual({ taxCode: 'XXXXXX80P20B501B', sinaAssessments: [] });
    expect(result.data?._entities[1].sinaAssessment).toBeNull();
    expect(result.data?._entities[2].sinaAssessment).toBeNull();
    expect(result.data?._entities[3].sinaAssessments).toHaveLength(1);
    expect(result.data?._entities[4].sinaAssessment).not.toBeNull();
    // One for the persons, one for the benefits; submissions once per branch at most.
    expect(statements.filter((sql) => /"sina_assessment"/.test(sql))).toHaveLength(2);
    expect(statements.filter((sql) => /"submission"/.test(sql)).length).toBeLessThanOrEqual(2);
    const twice = await statementsFor([
      ...PEOPLE.map((taxCode) => ({ __typename: 'Person', taxCode, access: 'FULL' })),
      ...benefitIds.map((id) => ({ __typename: 'Benefit', id })),
    ]);
    expect(twice.result.data?._entities).toHaveLength(PEOPLE.length + benefitIds.length);
    expect(twice.statements.filter((sql) => /"sina_assessment"/.test(sql))).toHaveLength(2);
    expect(twice.statements.filter((sql) => /"submission"/.test(sql)).length).toBeLessThanOrEqual(2);
  });
});

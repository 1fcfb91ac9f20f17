import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import { allComuni, comuneByBelfiore, type Comune } from '@siuss/reference/comuni';
import type { WriteContext } from '../context.ts';
import { Agreement } from '../entities/Agreement.ts';
import { Ambito } from '../entities/Ambito.ts';
import { AmbitoBody } from '../entities/AmbitoBody.ts';
import { AmbitoComune } from '../entities/AmbitoComune.ts';
import { ImplementingBody } from '../entities/ImplementingBody.ts';
import { actorOf, requireAmbitoAdmin, requireAnySiossRole, requireGovernanceEditor } from './access.ts';
import { logChange } from './history.ts';
import type { AgreementInput, AmbitoInput, AmbitoUpdateInput, GovernanceInput, ImplementingBodyInput } from './input.ts';
import { validateText, violation } from './validation.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AMBITO_CODE = /^[A-Z0-9][A-Z0-9_-]{1,19}$/;
const BODY_CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

let regionNames: ReadonlyMap<string, string> | undefined;

/** ISTAT region code to region name, from the Comuni list. */
export function regionNameOf(regionCode: string): string | undefined {
  regionNames ??= new Map(allComuni().map((comune) => [comune.regionCode, comune.regionName]));
  return regionNames.get(regionCode);
}

export const ambitoSnapshot = (ambito: Ambito, comuni: readonly string[]) => ({
  code: ambito.code,
  name: ambito.name,
  regionCode: ambito.regionCode,
  comuni: [...comuni].sort(),
});

const bodySnapshot = (body: ImplementingBody) => ({ code: body.code, name: body.name, kind: body.kind });

/**
 * Resolves member Comuni given by Belfiore code and checks them: known, in the Ambito's Region,
 * listed once, and not already members of another Ambito.
 */
async function resolveMembers(em: EntityManager, codes: readonly string[], regionCode: string, ambitoCode: string): Promise<{ members: Comune[]; violations: Violation[] }> {
  const violations: Violation[] = [];
  const members: Comune[] = [];
  if (codes.length === 0) violations.push(violation('MANDATORY', 'comuni', 'An Ambito has at least one member Comune.'));
  const seen = new Set<string>();
  codes.forEach((code, index) => {
    const field = `comuni[${index}]`;
    const comune = comuneByBelfiore(code.trim());
    if (!comune) {
      violations.push(violation('REF', field, `${code} is not the Belfiore code of a current Comune.`));
      return;
    }
    if (seen.has(comune.istatCode)) {
      violations.push(violation('DUPLICATE', field, `${comune.name} (${comune.belfioreCode}) is listed twice.`));
      return;
    }
    seen.add(comune.istatCode);
    if (comune.regionCode !== regionCode) {
      violations.push(violation('REGION', field, `${comune.name} (${comune.belfioreCode}) is in ${comune.regionName}, not in the Ambito's Region ${regionCode}.`));
    }
    members.push(comune);
  });
  if (members.length > 0) {
    const taken = await em.find(AmbitoComune, { istatCode: { $in: members.map((comune) => comune.istatCode) }, ambito: { $ne: ambitoCode } });
    for (const row of taken) {
      const index = codes.findIndex((code) => comuneByBelfiore(code.trim())?.istatCode === row.istatCode);
      violations.push(violation('MEMBERSHIP', `comuni[${index}]`, `${row.belfioreCode} already belongs to Ambito ${row.ambito.code}; a Comune belongs to one Ambito.`));
    }
  }
  return { members, violations };
}

function throwIfAny(violations: readonly Violation[]): void {
  if (violations.length > 0) throw validationFailed(violations);
}

function membershipRace(error: unknown): never {
  if (error instanceof UniqueConstraintViolationException) {
    throw validationFailed([violation('MEMBERSHIP', 'comuni', 'A Comune was added to another Ambito at the same time; retry.')]);
  }
  throw error;
}

/** Registers an Ambito with its member Comuni. The Ministry anywhere, a Region's coordinator in its Region. */
export async function registerAmbito({ em, viewer, settings }: WriteContext, input: AmbitoInput): Promise<Ambito> {
  requireAmbitoAdmin(viewer, input.regionCode, `Registering an Ambito in Region ${input.regionCode}`);
  const violations: Violation[] = [];
  if (!AMBITO_CODE.test(input.code)) violations.push(violation('FORMAT', 'code', 'An Ambito code is 2-20 characters: capital letters, digits, - or _.'));
  violations.push(...validateText(input.name, 'name', 200));
  if (!regionNameOf(input.regionCode)) violations.push(violation('REF', 'regionCode', `${input.regionCode} is not an ISTAT region code (2 digits, e.g. 12 for Lazio).`));
  return em.transactional(async (tx) => {
    const { members, violations: memberViolations } = await resolveMembers(tx, input.comuni, input.regionCode, input.code);
    throwIfAny([...violations, ...memberViolations]);
    if (await tx.findOne(Ambito, { code: input.code })) {
      throw domainError(ErrorCode.CONFLICT, `An Ambito with code ${input.code} is already registered.`, { ambitoCode: input.code });
    }
    const now = settings.now();
    const ambito = tx.create(Ambito, { code: input.code, name: input.name.trim(), regionCode: input.regionCode, managementForm: null, leadBody: null, createdAt: now, updatedAt: now });
    for (const comune of members) tx.create(AmbitoComune, { istatCode: comune.istatCode, belfioreCode: comune.belfioreCode, ambito: input.code });
    logChange(tx, { ambitoCode: input.code, operation: 'REGISTER_AMBITO', entity: 'AMBITO', entityId: input.code, before: null, after: ambitoSnapshot(ambito, members.map((c) => c.belfioreCode)) }, actorOf(viewer), now);
    await tx.flush().catch(membershipRace);
    return ambito;
  });
}

async function loadAmbito(em: EntityManager, code: string): Promise<Ambito> {
  const ambito = await em.findOne(Ambito, { code });
  if (!ambito) throw notFound(`No Ambito has code ${code}.`, { ambitoCode: code });
  return ambito;
}

/** Renames an Ambito or replaces its member Comuni. */
export async function updateAmbito({ em, viewer, settings }: WriteContext, input: AmbitoUpdateInput): Promise<Ambito> {
  return em.transactional(async (tx) => {
    const ambito = await loadAmbito(tx, input.code);
    requireAmbitoAdmin(viewer, ambito.regionCode, `Changing Ambito ${ambito.code}`);
    const violations = input.name === null || input.name === undefined ? [] : validateText(input.name, 'name', 200);
    const current = await tx.find(AmbitoComune, { ambito: ambito.code });
    const resolved = input.comuni ? await resolveMembers(tx, input.comuni, ambito.regionCode, ambito.code) : null;
    throwIfAny([...violations, ...(resolved?.violations ?? [])]);
    const before = ambitoSnapshot(ambito, current.map((row) => row.belfioreCode));
    if (input.name) ambito.name = input.name.trim();
    if (resolved) {
      const wanted = new Set(resolved.members.map((comune) => comune.istatCode));
      for (const row of current) if (!wanted.has(row.istatCode)) tx.remove(row);
      const kept = new Set(current.map((row) => row.istatCode));
      for (const comune of resolved.members) {
        if (!kept.has(comune.istatCode)) tx.create(AmbitoComune, { istatCode: comune.istatCode, belfioreCode: comune.belfioreCode, ambito: ambito.code });
      }
    }
    const now = settings.now();
    ambito.updatedAt = now;
    const after = ambitoSnapshot(ambito, resolved ? resolved.members.map((comune) => comune.belfioreCode) : before.comuni);
    logChange(tx, { ambitoCode: ambito.code, operation: 'UPDATE_AMBITO', entity: 'AMBITO', entityId: ambito.code, before, after }, actorOf(viewer), now);
    await tx.flush().catch(membershipRace);
    return ambito;
  });
}

/**
 * Registers an implementing body once. The same code with the same name and kind returns the stored
 * body (`created: false`); with different data it is a CONFLICT, since Ambiti already point to it.
 */
export async function registerImplementingBody({ em, viewer, settings }: WriteContext, input: ImplementingBodyInput): Promise<{ body: ImplementingBody; created: boolean }> {
  requireAnySiossRole(viewer, 'Registering an implementing body');
  const violations: Violation[] = [];
  if (!BODY_CODE.test(input.code)) violations.push(violation('FORMAT', 'code', 'A body code is 1-32 characters: capital letters, digits, ., - or _ (e.g. its codice fiscale).'));
  violations.push(...validateText(input.name, 'name', 200));
  throwIfAny(violations);
  const name = input.name.trim();
  const existing = await em.findOne(ImplementingBody, { code: input.code });
  const sameOrConflict = (body: ImplementingBody) => {
    if (body.name === name && body.kind === input.kind) return { body, created: false };
    throw domainError(ErrorCode.CONFLICT, `Implementing body ${input.code} is registered as ${body.name} (${body.kind}).`, { bodyCode: input.code });
  };
  if (existing) return sameOrConflict(existing);
  try {
    return await em.transactional(async (tx) => {
      const now = settings.now();
      const body = tx.create(ImplementingBody, { id: randomUUID(), code: input.code, name, kind: input.kind, createdAt: now });
      // Bodies are shared, not an Ambito's: the log keys them under the pseudo-Ambito '*'.
      logChange(tx, { ambitoCode: '*', operation: 'REGISTER_BODY', entity: 'IMPLEMENTING_BODY', entityId: body.id, before: null, after: bodySnapshot(body) }, actorOf(viewer), now);
      await tx.flush();
      return { body, created: true };
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const raced = await em.fork().findOne(ImplementingBody, { code: input.code });
    if (!raced) throw error;
    return sameOrConflict(raced);
  }
}

/** The registered bodies with these codes, plus a REF violation (on `field[i]`) for each unknown code. */
export async function bodiesByCode(em: EntityManager, codes: readonly string[], field: (index: number) => string): Promise<{ bodies: Map<string, ImplementingBody>; violations: Violation[] }> {
  const unique = [...new Set(codes)];
  const found = unique.length ? await em.find(ImplementingBody, { code: { $in: unique } }) : [];
  const bodies = new Map(found.map((body) => [body.code, body]));
  const violations: Violation[] = [];
  codes.forEach((code, index) => {
    if (!bodies.has(code)) violations.push(violation('REF', field(index), `No implementing body has code ${code}; register it first (registerSiossImplementingBody).`));
  });
  return { bodies, violations };
}

/** Sets the form of management, the lead body and the implementing bodies of an Ambito. */
export async function setGovernance({ em, viewer, settings }: WriteContext, input: GovernanceInput): Promise<Ambito> {
  return em.transactional(async (tx) => {
    const ambito = await loadAmbito(tx, input.ambitoCode);
    requireGovernanceEditor(viewer, ambito, `Setting the governance of Ambito ${ambito.code}`);
    const lead = await bodiesByCode(tx, [input.leadBodyCode], () => 'leadBodyCode');
    const others = await bodiesByCode(tx, input.implementingBodyCodes, (index) => `implementingBodyCodes[${index}]`);
    throwIfAny([...lead.violations, ...others.violations]);
    const leadBody = lead.bodies.get(input.leadBodyCode) as ImplementingBody;
    const wanted = new Map([[leadBody.id, leadBody], ...[...others.bodies.values()].map((body) => [body.id, body] as const)]);
    const current = await tx.find(AmbitoBody, { ambito: ambito.code }, { populate: ['body'] });
    const previousLead = ambito.leadBody ? await tx.findOne(ImplementingBody, { id: ambito.leadBody.id }) : null;
    const before = {
      managementForm: ambito.managementForm,
      leadBodyCode: previousLead?.code ?? null,
      implementingBodyCodes: current.map((row) => row.body.getEntity().code).sort(),
    };
    for (const row of current) if (!wanted.has(row.body.id)) tx.remove(row);
    const kept = new Set(current.map((row) => row.body.id));
    for (const body of wanted.values()) if (!kept.has(body.id)) tx.create(AmbitoBody, { id: randomUUID(), ambito: ambito.code, body: body.id });
    const now = settings.now();
    ambito.managementForm = input.managementForm;
    ambito.leadBody = tx.getReference(ImplementingBody, leadBody.id, { wrapped: true });
    ambito.updatedAt = now;
    const after = { managementForm: input.managementForm, leadBodyCode: leadBody.code, implementingBodyCodes: [...wanted.values()].map((body) => body.code).sort() };
    logChange(tx, { ambitoCode: ambito.code, operation: 'SET_GOVERNANCE', entity: 'AMBITO', entityId: ambito.code, before, after }, actorOf(viewer), now);
    await tx.flush();
    return ambito;
  });
}

/** Adds an agreement between at least two registered bodies. */
export async function addAgreement({ em, viewer, settings }: WriteContext, input: AgreementInput): Promise<Ambito> {
  return em.transactional(async (tx) => {
    const ambito = await loadAmbito(tx, input.ambitoCode);
    requireGovernanceEditor(viewer, ambito, `Adding an agreement to Ambito ${ambito.code}`);
    const violations = validateText(input.title, 'title', 300);
    const parties = await bodiesByCode(tx, input.partyBodyCodes, (index) => `partyBodyCodes[${index}]`);
    violations.push(...parties.violations);
    if (new Set(input.partyBodyCodes).size < 2) violations.push(violation('MANDATORY', 'partyBodyCodes', 'An agreement has at least two different parties.'));
    if (input.signedOn && input.validTo && input.signedOn > input.validTo) violations.push(violation('FORMAT', 'validTo', 'validTo is before signedOn.'));
    throwIfAny(violations);
    const now = settings.now();
    const partyCodes = [...new Set(input.partyBodyCodes)];
    const agreement = tx.create(Agreement, {
      id: randomUUID(),
      ambito: ambito.code,
      kind: input.kind,
      title: input.title.trim(),
      signedOn: input.signedOn ?? null,
      validTo: input.validTo ?? null,
      partyBodyIds: partyCodes.map((code) => (parties.bodies.get(code) as ImplementingBody).id),
      createdAt: now,
    });
    const after = { kind: agreement.kind, title: agreement.title, signedOn: agreement.signedOn, validTo: agreement.validTo, partyBodyCodes: partyCodes };
    logChange(tx, { ambitoCode: ambito.code, operation: 'ADD_AGREEMENT', entity: 'AGREEMENT', entityId: agreement.id, before: null, after }, actorOf(viewer), now);
    ambito.updatedAt = now;
    await tx.flush();
    return ambito;
  });
}

/** Removes an agreement; NOT_FOUND when there is none with that id. */
export async function removeAgreement({ em, viewer, settings }: WriteContext, id: string): Promise<Ambito> {
  return em.transactional(async (tx) => {
    const agreement = UUID.test(id) ? await tx.findOne(Agreement, { id }) : null;
    if (!agreement) throw notFound(`No agreement has id ${id}.`);
    const ambito = await loadAmbito(tx, agreement.ambito.code);
    requireGovernanceEditor(viewer, ambito, `Removing an agreement of Ambito ${ambito.code}`);
    const parties = await tx.find(ImplementingBody, { id: { $in: agreement.partyBodyIds } });
    const before = { kind: agreement.kind, title: agreement.title, signedOn: agreement.signedOn, validTo: agreement.validTo, partyBodyCodes: parties.map((body) => body.code).sort() };
    const now = settings.now();
    tx.remove(agreement);
    ambito.updatedAt = now;
    logChange(tx, { ambitoCode: ambito.code, operation: 'REMOVE_AGREEMENT', entity: 'AGREEMENT', entityId: id, before, after: null }, actorOf(viewer), now);
    await tx.flush();
    return ambito;
  });
}


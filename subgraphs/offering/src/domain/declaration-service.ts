import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError, notFound, validationFailed, type Violation } from '@siuss/errors/errors';
import type { WriteContext } from '../context.ts';
import { Ambito } from '../entities/Ambito.ts';
import { Declaration } from '../entities/Declaration.ts';
import { DeclaredProfessional } from '../entities/DeclaredProfessional.ts';
import { DeclaredService } from '../entities/DeclaredService.ts';
import { FundModule } from '../entities/FundModule.ts';
import { ImplementingBody } from '../entities/ImplementingBody.ts';
import { actorOf, requireMinistry, requireReferentOf } from './access.ts';
import { UUID } from './ambito-service.ts';
import type { Fund } from './codes.ts';
import { isLate, italianYear } from './deadline.ts';
import { logChange, type Change } from './history.ts';
import type { DeclarationKey, FundModuleInput, ProfessionalInput, ServiceInput } from './input.ts';
import { missingSections, validateFundModule, validateProfessional, validateService, validateText, validateYear, violation } from './validation.ts';

export const declarationSnapshot = (declaration: Declaration) => ({
  ambitoCode: declaration.ambito.code,
  year: declaration.year,
  status: declaration.status,
  late: declaration.late,
  reopenReason: declaration.reopenReason,
});

const serviceSnapshot = (service: DeclaredService, managingBodyCode: string) => ({
  catalogueCode: service.catalogueCode,
  managingBodyCode,
  targetUsers: service.targetUsers,
  capacity: service.capacity,
  usersServed: service.usersServed,
  spending: service.spending,
});

const professionalSnapshot = (row: DeclaredProfessional, employerBodyCode: string | null) => ({
  profession: row.profession,
  headCount: row.headCount,
  fte: row.fte,
  employerKind: row.employerKind,
  employerBodyCode,
  contractType: row.contractType,
});

const fundSnapshot = (module: FundModule) => ({ fund: module.fund, amounts: module.amounts, beneficiaries: module.beneficiaries });

const keyText = (key: DeclarationKey): string => `Ambito ${key.ambitoCode} for ${key.year}`;

/** Records a change of a declaration and marks it updated, in the caller's transaction. */
function touch(tx: EntityManager, context: WriteContext, declaration: Declaration, change: Omit<Change, 'ambitoCode' | 'declarationId'>): void {
  const now = context.settings.now();
  declaration.updatedAt = now;
  logChange(tx, { ...change, ambitoCode: declaration.ambito.code, declarationId: declaration.id }, actorOf(context.viewer), now);
}

/** Locks the declaration row for the rest of the transaction, so a concurrent finalisation cannot interleave. */
async function lockDeclaration(tx: EntityManager, key: DeclarationKey): Promise<Declaration> {
  const declaration = await tx.findOne(Declaration, { ambito: key.ambitoCode, year: key.year }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!declaration) throw notFound(`No declaration of ${keyText(key)}; open it first (openSiossDeclaration).`, { ambitoCode: key.ambitoCode, year: key.year });
  return declaration;
}

/** A FINALISED declaration cannot change until the Ministry reopens it. */
function requireDraft(declaration: Declaration): void {
  if (declaration.status === 'FINALISED') {
    throw domainError(ErrorCode.CONFLICT, `The declaration of Ambito ${declaration.ambito.code} for ${declaration.year} is FINALISED; only a MINISTRY_ANALYST can reopen it (reopenSiossDeclaration).`, {
      rule: 'FINALISED',
      status: declaration.status,
    });
  }
}

async function lockDraft(tx: EntityManager, context: WriteContext, key: DeclarationKey): Promise<Declaration> {
  requireReferentOf(context.viewer, key.ambitoCode);
  const declaration = await lockDeclaration(tx, key);
  requireDraft(declaration);
  return declaration;
}

function throwIfAny(violations: readonly Violation[]): void {
  if (violations.length > 0) throw validationFailed(violations);
}

const findBody = (tx: EntityManager, code: string | null | undefined): Promise<ImplementingBody | null> =>
  code ? tx.findOne(ImplementingBody, { code }) : Promise.resolve(null);

const codeOfBody = async (tx: EntityManager, id: string | undefined): Promise<string | null> =>
  id ? ((await tx.findOne(ImplementingBody, { id }))?.code ?? null) : null;

/**
 * Opens the declaration of a year as a DRAFT. Idempotent: an existing declaration (in any status) is
 * returned with `created: false`, also when two referents open it at the same moment.
 */
export async function openDeclaration(context: WriteContext, key: DeclarationKey): Promise<{ declaration: Declaration; created: boolean }> {
  const { em, viewer, settings } = context;
  requireReferentOf(viewer, key.ambitoCode);
  throwIfAny(validateYear(key.year, italianYear(settings.now())));
  try {
    return await em.transactional(async (tx) => {
      if (!(await tx.findOne(Ambito, { code: key.ambitoCode }))) throw notFound(`No Ambito has code ${key.ambitoCode}.`, { ambitoCode: key.ambitoCode });
      const existing = await tx.findOne(Declaration, { ambito: key.ambitoCode, year: key.year });
      if (existing) return { declaration: existing, created: false };
      const now = settings.now();
      const declaration = tx.create(Declaration, {
        id: randomUUID(), ambito: key.ambitoCode, year: key.year, status: 'DRAFT', late: false,
        finalisedAt: null, finalisedBy: null, reopenedAt: null, reopenedBy: null, reopenReason: null, createdAt: now, updatedAt: now,
      });
      touch(tx, context, declaration, { operation: 'OPEN_DECLARATION', entity: 'DECLARATION', entityId: declaration.id, before: null, after: declarationSnapshot(declaration) });
      await tx.flush();
      return { declaration, created: true };
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const declaration = await em.fork().findOne(Declaration, { ambito: key.ambitoCode, year: key.year });
    if (!declaration) throw error;
    return { declaration, created: false };
  }
}

function duplicateService(code: string): Violation {
  return violation('DUPLICATE', 'service.catalogueCode', `${code} is already declared; update it (updateSiossService) instead.`);
}

/** Adds a service to a DRAFT declaration: catalogue item valid that year, not already declared. */
export async function addService(context: WriteContext, input: DeclarationKey & { service: ServiceInput }): Promise<{ service: DeclaredService; declaration: Declaration }> {
  try {
    return await context.em.transactional(async (tx) => {
      const declaration = await lockDraft(tx, context, input);
      const body = await findBody(tx, input.service.managingBodyCode);
      const violations = validateService(input.service, declaration.year, body !== null);
      if (await tx.findOne(DeclaredService, { declaration: declaration.id, catalogueCode: input.service.catalogueCode })) violations.push(duplicateService(input.service.catalogueCode));
      throwIfAny(violations);
      const now = context.settings.now();
      const service = tx.create(DeclaredService, {
        id: randomUUID(),
        declaration: declaration.id,
        catalogueCode: input.service.catalogueCode,
        managingBody: (body as ImplementingBody).id,
        targetUsers: input.service.targetUsers,
        capacity: input.service.capacity ?? null,
        usersServed: input.service.usersServed ?? null,
        spending: input.service.spending ?? null,
        createdAt: now,
        updatedAt: now,
      });
      touch(tx, context, declaration, { operation: 'ADD_SERVICE', entity: 'SERVICE', entityId: service.id, before: null, after: serviceSnapshot(service, (body as ImplementingBody).code) });
      await tx.flush();
      return { service, declaration };
    });
  } catch (error) {
    // Two adds of the same item at once: the unique index decides, the loser gets the same violation.
    if (error instanceof UniqueConstraintViolationException) throw validationFailed([duplicateService(input.service.catalogueCode)]);
    throw error;
  }
}

/** Replaces the data of a declared service, matched by its catalogue code. */
export async function updateService(context: WriteContext, input: DeclarationKey & { service: ServiceInput }): Promise<{ service: DeclaredService; declaration: Declaration }> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, input);
    const service = await tx.findOne(DeclaredService, { declaration: declaration.id, catalogueCode: input.service.catalogueCode });
    if (!service) throw notFound(`${input.service.catalogueCode} is not declared in the declaration of ${keyText(input)}; add it (addSiossService).`);
    const body = await findBody(tx, input.service.managingBodyCode);
    throwIfAny(validateService(input.service, declaration.year, body !== null));
    const before = serviceSnapshot(service, (await codeOfBody(tx, service.managingBody.id)) ?? '');
    service.managingBody = tx.getReference(ImplementingBody, (body as ImplementingBody).id, { wrapped: true });
    service.targetUsers = input.service.targetUsers;
    service.capacity = input.service.capacity ?? null;
    service.usersServed = input.service.usersServed ?? null;
    service.spending = input.service.spending ?? null;
    service.updatedAt = context.settings.now();
    touch(tx, context, declaration, { operation: 'UPDATE_SERVICE', entity: 'SERVICE', entityId: service.id, before, after: serviceSnapshot(service, (body as ImplementingBody).code) });
    await tx.flush();
    return { service, declaration };
  });
}

/** Removes a declared service from a DRAFT declaration. */
export async function removeService(context: WriteContext, input: DeclarationKey & { catalogueCode: string }): Promise<Declaration> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, input);
    const service = await tx.findOne(DeclaredService, { declaration: declaration.id, catalogueCode: input.catalogueCode });
    if (!service) throw notFound(`${input.catalogueCode} is not declared in the declaration of ${keyText(input)}.`);
    const before = serviceSnapshot(service, (await codeOfBody(tx, service.managingBody.id)) ?? '');
    tx.remove(service);
    touch(tx, context, declaration, { operation: 'REMOVE_SERVICE', entity: 'SERVICE', entityId: service.id, before, after: null });
    await tx.flush();
    return declaration;
  });
}

/** Adds a row of professionals to a DRAFT declaration. */
export async function addProfessional(context: WriteContext, input: DeclarationKey & { professional: ProfessionalInput }): Promise<{ professional: DeclaredProfessional; declaration: Declaration }> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, input);
    const employer = await findBody(tx, input.professional.employerBodyCode);
    throwIfAny(validateProfessional(input.professional, employer !== null));
    const now = context.settings.now();
    const professional = tx.create(DeclaredProfessional, {
      id: randomUUID(),
      declaration: declaration.id,
      profession: input.professional.profession,
      headCount: input.professional.headCount,
      fte: input.professional.fte,
      employerKind: input.professional.employerKind,
      employerBody: employer?.id ?? null,
      contractType: input.professional.contractType,
      createdAt: now,
      updatedAt: now,
    });
    touch(tx, context, declaration, { operation: 'ADD_PROFESSIONAL', entity: 'PROFESSIONAL', entityId: professional.id, before: null, after: professionalSnapshot(professional, employer?.code ?? null) });
    await tx.flush();
    return { professional, declaration };
  });
}

/** The row and its declaration, locked, after checking the viewer compiles that declaration's Ambito. */
async function lockProfessional(tx: EntityManager, context: WriteContext, id: string): Promise<{ row: DeclaredProfessional; declaration: Declaration }> {
  const found = UUID.test(id) ? await tx.findOne(DeclaredProfessional, { id }) : null;
  if (!found) throw notFound(`No row of professionals has id ${id}.`);
  const unlocked = await tx.findOneOrFail(Declaration, { id: found.declaration.id });
  const declaration = await lockDraft(tx, context, { ambitoCode: unlocked.ambito.code, year: unlocked.year });
  return { row: found, declaration };
}

/** Replaces a row of professionals. */
export async function updateProfessional(context: WriteContext, input: { id: string; professional: ProfessionalInput }): Promise<{ professional: DeclaredProfessional; declaration: Declaration }> {
  return context.em.transactional(async (tx) => {
    const { row, declaration } = await lockProfessional(tx, context, input.id);
    const employer = await findBody(tx, input.professional.employerBodyCode);
    throwIfAny(validateProfessional(input.professional, employer !== null));
    const before = professionalSnapshot(row, await codeOfBody(tx, row.employerBody?.id));
    row.profession = input.professional.profession;
    row.headCount = input.professional.headCount;
    row.fte = input.professional.fte;
    row.employerKind = input.professional.employerKind;
    row.employerBody = employer ? tx.getReference(ImplementingBody, employer.id, { wrapped: true }) : null;
    row.contractType = input.professional.contractType;
    row.updatedAt = context.settings.now();
    touch(tx, context, declaration, { operation: 'UPDATE_PROFESSIONAL', entity: 'PROFESSIONAL', entityId: row.id, before, after: professionalSnapshot(row, employer?.code ?? null) });
    await tx.flush();
    return { professional: row, declaration };
  });
}

/** Removes a row of professionals. */
export async function removeProfessional(context: WriteContext, id: string): Promise<Declaration> {
  return context.em.transactional(async (tx) => {
    const { row, declaration } = await lockProfessional(tx, context, id);
    const before = professionalSnapshot(row, await codeOfBody(tx, row.employerBody?.id));
    tx.remove(row);
    touch(tx, context, declaration, { operation: 'REMOVE_PROFESSIONAL', entity: 'PROFESSIONAL', entityId: row.id, before, after: null });
    await tx.flush();
    return declaration;
  });
}

/** Fills or replaces one fund module of a DRAFT declaration. */
export async function setFundModule(context: WriteContext, input: FundModuleInput): Promise<Declaration> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, input);
    throwIfAny(validateFundModule(input));
    const now = context.settings.now();
    const amounts = input.amounts.map((row) => ({ areaCode: row.areaCode, amount: row.amount }));
    const beneficiaries = input.beneficiaries.map((row) => ({ sex: row.sex, ageBand: row.ageBand, count: row.count }));
    const existing = await tx.findOne(FundModule, { declaration: declaration.id, fund: input.fund });
    const before = existing ? fundSnapshot(existing) : null;
    const module = existing ?? tx.create(FundModule, { id: randomUUID(), declaration: declaration.id, fund: input.fund, amounts, beneficiaries, createdAt: now, updatedAt: now });
    module.amounts = amounts;
    module.beneficiaries = beneficiaries;
    module.updatedAt = now;
    touch(tx, context, declaration, { operation: 'SET_FUND_MODULE', entity: 'FUND_MODULE', entityId: module.id, before, after: fundSnapshot(module) });
    await tx.flush();
    return declaration;
  });
}

/** Removes one fund module of a DRAFT declaration. */
export async function removeFundModule(context: WriteContext, input: DeclarationKey & { fund: Fund }): Promise<Declaration> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, input);
    const module = await tx.findOne(FundModule, { declaration: declaration.id, fund: input.fund });
    if (!module) throw notFound(`The declaration of ${keyText(input)} has no ${input.fund} module.`);
    const before = fundSnapshot(module);
    tx.remove(module);
    touch(tx, context, declaration, { operation: 'REMOVE_FUND_MODULE', entity: 'FUND_MODULE', entityId: module.id, before, after: null });
    await tx.flush();
    return declaration;
  });
}

/** The mandatory sections a declaration still lacks (empty when it can be finalised). */
export async function declarationGaps(em: EntityManager, declaration: Declaration): Promise<Violation[]> {
  const ambito = await em.findOneOrFail(Ambito, { code: declaration.ambito.code });
  const [services, professionals, modules] = await Promise.all([
    em.count(DeclaredService, { declaration: declaration.id }),
    em.count(DeclaredProfessional, { declaration: declaration.id }),
    em.find(FundModule, { declaration: declaration.id }),
  ]);
  return missingSections({ managementForm: ambito.managementForm ?? null, hasLeadBody: ambito.leadBody !== null && ambito.leadBody !== undefined, services, professionals, funds: modules.map((module) => module.fund) });
}

/**
 * Finalises a DRAFT declaration once every mandatory section is there. After the deadline it is
 * still accepted, flagged `late`: the declaration stays due after the deadline, refusing it would
 * leave the Ministry with no data (and a declaration the Ministry reopened could never be finalised
 * again), and the flag is how the Ministry tracks lateness.
 */
export async function finaliseDeclaration(context: WriteContext, key: DeclarationKey): Promise<Declaration> {
  return context.em.transactional(async (tx) => {
    const declaration = await lockDraft(tx, context, key);
    throwIfAny(await declarationGaps(tx, declaration));
    const before = declarationSnapshot(declaration);
    const now = context.settings.now();
    declaration.status = 'FINALISED';
    declaration.late = isLate(declaration.year, context.settings.deadline, now);
    declaration.finalisedAt = now;
    declaration.finalisedBy = actorOf(context.viewer);
    touch(tx, context, declaration, { operation: 'FINALISE', entity: 'DECLARATION', entityId: declaration.id, before, after: declarationSnapshot(declaration) });
    await tx.flush();
    return declaration;
  });
}

/** Reopens a FINALISED declaration as a DRAFT: MINISTRY_ANALYST only, with a reason. */
export async function reopenDeclaration(context: WriteContext, input: DeclarationKey & { reason: string }): Promise<Declaration> {
  requireMinistry(context.viewer, `Reopening the declaration of ${keyText(input)}`);
  throwIfAny(validateText(input.reason, 'reason', 1000));
  return context.em.transactional(async (tx) => {
    const declaration = await lockDeclaration(tx, input);
    if (declaration.status !== 'FINALISED') {
      throw domainError(ErrorCode.CONFLICT, `The declaration of ${keyText(input)} is ${declaration.status}; only a FINALISED declaration can be reopened.`, { rule: 'NOT_FINALISED', status: declaration.status });
    }
    const before = declarationSnapshot(declaration);
    const now = context.settings.now();
    declaration.status = 'DRAFT';
    declaration.late = false;
    declaration.finalisedAt = null;
    declaration.finalisedBy = null;
    declaration.reopenedAt = now;
    declaration.reopenedBy = actorOf(context.viewer);
    declaration.reopenReason = input.reason.trim();
    touch(tx, context, declaration, { operation: 'REOPEN', entity: 'DECLARATION', entityId: declaration.id, before, after: declarationSnapshot(declaration) });
    await tx.flush();
    return declaration;
  });
}

import type { Context } from '../context.ts';
import { addAgreement, registerAmbito, registerImplementingBody, removeAgreement, setGovernance, updateAmbito } from '../domain/ambito-service.ts';
import type { Fund } from '../domain/codes.ts';
import {
  addProfessional, addService, finaliseDeclaration, openDeclaration, removeFundModule, removeProfessional, removeService,
  reopenDeclaration, setFundModule, updateProfessional, updateService,
} from '../domain/declaration-service.ts';
import type {
  AgreementInput, AmbitoInput, AmbitoUpdateInput, DeclarationKey, FundModuleInput, GovernanceInput, ImplementingBodyInput, ProfessionalInput, ServiceInput,
} from '../domain/input.ts';

type Args<T> = { input: T };

export const Mutation = {
  registerSiossAmbito: async (_: unknown, { input }: Args<AmbitoInput>, context: Context) => ({ ambito: await registerAmbito(context, input) }),
  updateSiossAmbito: async (_: unknown, { input }: Args<AmbitoUpdateInput>, context: Context) => ({ ambito: await updateAmbito(context, input) }),
  registerSiossImplementingBody: (_: unknown, { input }: Args<ImplementingBodyInput>, context: Context) => registerImplementingBody(context, input),
  setSiossAmbitoGovernance: async (_: unknown, { input }: Args<GovernanceInput>, context: Context) => ({ ambito: await setGovernance(context, input) }),
  addSiossAgreement: async (_: unknown, { input }: Args<AgreementInput>, context: Context) => ({ ambito: await addAgreement(context, input) }),
  removeSiossAgreement: async (_: unknown, { id }: { id: string }, context: Context) => ({ ambito: await removeAgreement(context, id) }),

  openSiossDeclaration: (_: unknown, { input }: Args<DeclarationKey>, context: Context) => openDeclaration(context, input),
  addSiossService: (_: unknown, { input }: Args<DeclarationKey & { service: ServiceInput }>, context: Context) => addService(context, input),
  updateSiossService: (_: unknown, { input }: Args<DeclarationKey & { service: ServiceInput }>, context: Context) => updateService(context, input),
  removeSiossService: async (_: unknown, { input }: Args<DeclarationKey & { catalogueCode: string }>, context: Context) =>
    ({ declaration: await removeService(context, input), created: false }),
  addSiossProfessional: (_: unknown, { input }: Args<DeclarationKey & { professional: ProfessionalInput }>, context: Context) => addProfessional(context, input),
  updateSiossProfessional: (_: unknown, { input }: Args<{ id: string; professional: ProfessionalInput }>, context: Context) => updateProfessional(context, input),
  removeSiossProfessional: async (_: unknown, { id }: { id: string }, context: Context) => ({ declaration: await removeProfessional(context, id), created: false }),
  setSiossFundModule: async (_: unknown, { input }: Args<FundModuleInput>, context: Context) => ({ declaration: await setFundModule(context, input), created: false }),
  removeSiossFundModule: async (_: unknown, { input }: Args<DeclarationKey & { fund: Fund }>, context: Context) =>
    ({ declaration: await removeFundModule(context, input), created: false }),
  finaliseSiossDeclaration: async (_: unknown, { input }: Args<DeclarationKey>, context: Context) => ({ declaration: await finaliseDeclaration(context, input), created: false }),
  reopenSiossDeclaration: async (_: unknown, { input }: Args<DeclarationKey & { reason: string }>, context: Context) =>
    ({ declaration: await reopenDeclaration(context, input), created: false }),
};

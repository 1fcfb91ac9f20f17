import type { AgeBand, AgreementKind, BodyKind, ContractType, EmployerKind, Fund, ManagementForm, Profession, Sex, TargetUsers } from './codes.ts';

// The GraphQL inputs, as the resolvers receive them (Money and Decimal already canonical strings).

export interface AmbitoInput {
  code: string;
  name: string;
  regionCode: string;
  comuni: string[];
}

export interface AmbitoUpdateInput {
  code: string;
  name?: string | null;
  comuni?: string[] | null;
}

export interface ImplementingBodyInput {
  code: string;
  name: string;
  kind: BodyKind;
}

export interface GovernanceInput {
  ambitoCode: string;
  managementForm: ManagementForm;
  leadBodyCode: string;
  implementingBodyCodes: string[];
}

export interface AgreementInput {
  ambitoCode: string;
  kind: AgreementKind;
  title: string;
  signedOn?: string | null;
  validTo?: string | null;
  partyBodyCodes: string[];
}

export interface DeclarationKey {
  ambitoCode: string;
  year: number;
}

export interface ServiceInput {
  catalogueCode: string;
  managingBodyCode: string;
  targetUsers: TargetUsers[];
  capacity?: number | null;
  usersServed?: number | null;
  spending?: string | null;
}

export interface ProfessionalInput {
  profession: Profession;
  headCount: number;
  fte: string;
  employerKind: EmployerKind;
  employerBodyCode?: string | null;
  contractType: ContractType;
}

export interface FundModuleInput extends DeclarationKey {
  fund: Fund;
  amounts: Array<{ areaCode: string; amount: string }>;
  beneficiaries: Array<{ sex: Sex; ageBand: AgeBand; count: number }>;
}

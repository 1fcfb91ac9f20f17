// The closed value sets of the SDL enums, shared by entities (check constraints) and validation.

export const MANAGEMENT_FORMS = ['SINGLE', 'ASSOCIATED_ALL', 'ASSOCIATED_SOME'] as const;
export type ManagementForm = (typeof MANAGEMENT_FORMS)[number];

export const BODY_KINDS = ['COMUNE', 'UNION_OF_COMUNI', 'MOUNTAIN_COMMUNITY', 'CONSORTIUM', 'SPECIAL_CONSORTIUM_COMPANY', 'HEALTH_AUTHORITY', 'PUBLIC_CARE_COMPANY', 'OTHER'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const AGREEMENT_KINDS = ['ASSOCIATIVE_CONVENTION', 'PROGRAMME_AGREEMENT', 'OTHER'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

export const DECLARATION_STATUSES = ['DRAFT', 'FINALISED'] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

export const TARGET_USERS = ['FAMILY_AND_MINORS', 'DISABILITY', 'ADDICTIONS', 'ELDERLY', 'IMMIGRANTS', 'POVERTY_AND_EXCLUSION', 'MULTI_USER'] as const;
export type TargetUsers = (typeof TARGET_USERS)[number];

export const PROFESSIONS = ['SOCIAL_WORKER', 'PROFESSIONAL_EDUCATOR', 'PSYCHOLOGIST', 'SOCIOLOGIST', 'SOCIAL_HEALTH_OPERATOR', 'HOME_CARE_ASSISTANT', 'CULTURAL_MEDIATOR', 'ADMINISTRATIVE', 'OTHER'] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const EMPLOYER_KINDS = ['COMUNE', 'AMBITO_BODY', 'HEALTH_AUTHORITY', 'THIRD_SECTOR', 'OTHER'] as const;
export type EmployerKind = (typeof EMPLOYER_KINDS)[number];

export const CONTRACT_TYPES = ['PERMANENT', 'FIXED_TERM', 'SELF_EMPLOYED', 'AGENCY', 'OUTSOURCED', 'OTHER'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const FUNDS = ['FNA', 'FNPS', 'DOPO_DI_NOI'] as const;
export type Fund = (typeof FUNDS)[number];

export const SEXES = ['MALE', 'FEMALE'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_BANDS = ['AGE_0_17', 'AGE_18_64', 'AGE_65_74', 'AGE_75_PLUS'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const OPERATIONS = [
  'REGISTER_AMBITO', 'UPDATE_AMBITO', 'REGISTER_BODY', 'SET_GOVERNANCE', 'ADD_AGREEMENT', 'REMOVE_AGREEMENT',
  'OPEN_DECLARATION', 'ADD_SERVICE', 'UPDATE_SERVICE', 'REMOVE_SERVICE',
  'ADD_PROFESSIONAL', 'UPDATE_PROFESSIONAL', 'REMOVE_PROFESSIONAL', 'SET_FUND_MODULE', 'REMOVE_FUND_MODULE',
  'FINALISE', 'REOPEN',
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const CHANGED_ENTITIES = ['AMBITO', 'IMPLEMENTING_BODY', 'AGREEMENT', 'DECLARATION', 'SERVICE', 'PROFESSIONAL', 'FUND_MODULE'] as const;
export type ChangedEntity = (typeof CHANGED_ENTITIES)[number];

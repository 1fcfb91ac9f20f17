import type { EntityManager } from '@mikro-orm/postgresql';
import { composeCodiceFiscale } from '@siuss/scalars/codice-fiscale';
import { trustedViewer, type Viewer } from '@siuss/service/viewer';
import type { Deadline } from '../config.ts';
import type { WriteContext } from '../context.ts';
import { Role } from '../domain/access.ts';
import { addAgreement, registerAmbito, registerImplementingBody, setGovernance } from '../domain/ambito-service.ts';
import type { BodyKind, ContractType, EmployerKind, ManagementForm, Profession, TargetUsers } from '../domain/codes.ts';
import { addProfessional, addService, finaliseDeclaration, openDeclaration, setFundModule } from '../domain/declaration-service.ts';
import type { FundModuleInput, ProfessionalInput, ServiceInput } from '../domain/input.ts';
import { Ambito } from '../entities/Ambito.ts';

// Demo data for `npm start`: Ambiti covering the demo persons' Comuni (Roma, Milano, Napoli, Torino)
// and one Ambito of small Comuni in Sabina. Every name says "demo": these groupings, bodies and
// figures are invented and are not the real Ambiti of those territories. Roma's fixed-term and
// Napoli's agency social workers are declared but not counted for the essential level (only
// permanent staff of the Comuni and their associations are, as in L. 178/2020 c. 797).

type Service = [code: string, users: TargetUsers[], served: number, spending: string, capacity?: number, body?: string];
type Staff = [profession: Profession, headCount: number, fte: string, employer: EmployerKind, contract: ContractType, body?: string];

interface DemoAmbito {
  code: string;
  name: string;
  regionCode: string;
  comuni: string[];
  form: ManagementForm;
  lead: string;
  bodies: string[];
  /** Whether the previous year's declaration is finalised or left as a DRAFT being compiled. */
  finalised: boolean;
  services: Service[];
  staff: Staff[];
  fnps: string[];
  fna?: string[];
}

const BODIES: Array<[code: string, name: string, kind: BodyKind]> = [
  ['COMUNE-H501', 'Roma Capitale (demo)', 'COMUNE'],
  ['COMUNE-F205', 'Comune di Milano (demo)', 'COMUNE'],
  ['COMUNE-F839', 'Comune di Napoli (demo)', 'COMUNE'],
  ['COMUNE-L219', 'Città di Torino (demo)', 'COMUNE'],
  ['ASL-DEMO-RM', 'Azienda sanitaria locale di Roma (demo)', 'HEALTH_AUTHORITY'],
  ['ASL-DEMO-RI', 'Azienda sanitaria locale di Rieti (demo)', 'HEALTH_AUTHORITY'],
  ['CONS-DEMO-SABINA', 'Consorzio sociale della Sabina (demo)', 'CONSORTIUM'],
  ['COMUNE-A472', 'Comune di Casperia (demo)', 'COMUNE'],
  ['COMUNE-B631', 'Comune di Cantalupo in Sabina (demo)', 'COMUNE'],
  ['COMUNE-C224', 'Comune di Castelnuovo di Farfa (demo)', 'COMUNE'],
];

const ELDERLY: TargetUsers[] = ['ELDERLY'];
const ALL: TargetUsers[] = ['MULTI_USER'];
const MINORS: TargetUsers[] = ['FAMILY_AND_MINORS'];

const AMBITI: DemoAmbito[] = [
  {
    code: 'AMB-ROMA', name: 'Roma Capitale (Ambito demo)', regionCode: '12', comuni: ['H501'], form: 'SINGLE', lead: 'COMUNE-H501', bodies: ['ASL-DEMO-RM'], finalised: true,
    services: [
      ['P1.01', ALL, 48200, '3150000.00'], ['P1.02', ALL, 61500, '21400000.00'], ['P1.04', ['POVERTY_AND_EXCLUSION', 'FAMILY_AND_MINORS'], 3900, '2250000.00'],
      ['P2.01', ['ELDERLY', 'DISABILITY'], 7400, '38600000.00'], ['P2.02', ELDERLY, 2100, '6900000.00', undefined, 'ASL-DEMO-RM'], ['P2.03', ELDERLY, 5200, '980000.00'],
      ['P3.01', MINORS, 14300, '71200000.00', 14800], ['P3.03', ['DISABILITY'], 1150, '12300000.00', 1200], ['P4.01', MINORS, 820, '29100000.00', 870],
      ['P4.03', ELDERLY, 1900, '17800000.00', 2000], ['P4.04', ['POVERTY_AND_EXCLUSION'], 2600, '8400000.00', 1400], ['P5.01', ['POVERTY_AND_EXCLUSION'], 22000, '15600000.00'],
      ['P5.04', ['POVERTY_AND_EXCLUSION'], 18500, '4100000.00'],
    ],
    staff: [['SOCIAL_WORKER', 540, '536.00', 'COMUNE', 'PERMANENT'], ['SOCIAL_WORKER', 60, '49.50', 'COMUNE', 'FIXED_TERM'], ['PROFESSIONAL_EDUCATOR', 210, '188.00', 'THIRD_SECTOR', 'OUTSOURCED'], ['SOCIAL_HEALTH_OPERATOR', 640, '590.25', 'THIRD_SECTOR', 'OUTSOURCED'], ['ADMINISTRATIVE', 150, '148.00', 'COMUNE', 'PERMANENT']],
    fnps: ['4200000.00', '3900000.00', '5100000.00', '2700000.00', '1800000.00'],
    fna: ['14100000.00', '9800000.00', '1200000.00'],
  },
  {
    code: 'AMB-MILANO', name: 'Milano (Ambito demo)', regionCode: '03', comuni: ['F205'], form: 'SINGLE', lead: 'COMUNE-F205', bodies: [], finalised: true,
    services: [
      ['P1.01', ALL, 30100, '2100000.00'], ['P1.02', ALL, 35800, '11800000.00'], ['P2.01', ['ELDERLY', 'DISABILITY'], 4600, '24500000.00'],
      ['P2.05', ['DISABILITY', 'ELDERLY'], 1900, '3200000.00'], ['P3.01', MINORS, 10200, '58300000.00', 10500], ['P3.06', MINORS, 3400, '1200000.00'],
      ['P4.02', ['DISABILITY'], 640, '21000000.00', 660], ['P5.01', ['POVERTY_AND_EXCLUSION'], 12800, '9700000.00'], ['P5.05', ['POVERTY_AND_EXCLUSION', 'IMMIGRANTS'], 2300, '6100000.00'],
    ],
    staff: [['SOCIAL_WORKER', 240, '231.00', 'COMUNE', 'PERMANENT'], ['PROFESSIONAL_EDUCATOR', 130, '121.50', 'COMUNE', 'PERMANENT'], ['CULTURAL_MEDIATOR', 25, '14.00', 'THIRD_SECTOR', 'OUTSOURCED']],
    fnps: ['2100000.00', '2600000.00', '3300000.00', '1900000.00', '1200000.00'],
  },
  {
    code: 'AMB-NAPOLI', name: 'Napoli (Ambito demo)', regionCode: '15', comuni: ['F839'], form: 'SINGLE', lead: 'COMUNE-F839', bodies: [], finalised: true,
    services: [
      ['P1.01', ALL, 26400, '1500000.00'], ['P1.02', ALL, 29700, '8600000.00'], ['P2.01', ['ELDERLY', 'DISABILITY'], 2300, '9400000.00'],
      ['P3.05', MINORS, 4100, '2300000.00', 900], ['P4.01', MINORS, 510, '16800000.00', 540], ['P5.01', ['POVERTY_AND_EXCLUSION'], 19600, '8800000.00'],
      ['P5.04', ['POVERTY_AND_EXCLUSION'], 24100, '3900000.00'],
    ],
    staff: [['SOCIAL_WORKER', 150, '148.00', 'COMUNE', 'PERMANENT'], ['SOCIAL_WORKER', 12, '9.00', 'COMUNE', 'AGENCY'], ['PSYCHOLOGIST', 18, '11.50', 'THIRD_SECTOR', 'OUTSOURCED']],
    fnps: ['1900000.00', '1700000.00', '2400000.00', '1500000.00', '1600000.00'],
  },
  {
    code: 'AMB-TORINO', name: 'Torino (Ambito demo)', regionCode: '01', comuni: ['L219'], form: 'SINGLE', lead: 'COMUNE-L219', bodies: [], finalised: true,
    services: [
      ['P1.01', ALL, 22800, '1400000.00'], ['P1.02', ALL, 27100, '9900000.00'], ['P1.03', ['DISABILITY', 'ELDERLY'], 6100, '1800000.00'],
      ['P2.01', ['ELDERLY', 'DISABILITY'], 3900, '19800000.00'], ['P2.06', ELDERLY, 2700, '8100000.00'], ['P3.01', MINORS, 6900, '39500000.00', 7100],
      ['P3.04', ELDERLY, 950, '5200000.00', 1000], ['P4.03', ELDERLY, 1450, '14700000.00', 1500], ['P5.02', ['POVERTY_AND_EXCLUSION', 'DISABILITY'], 1300, '2800000.00'],
    ],
    staff: [['SOCIAL_WORKER', 196, '190.00', 'COMUNE', 'PERMANENT'], ['PROFESSIONAL_EDUCATOR', 90, '84.00', 'COMUNE', 'PERMANENT'], ['SOCIAL_HEALTH_OPERATOR', 220, '201.00', 'THIRD_SECTOR', 'OUTSOURCED']],
    fnps: ['1700000.00', '2000000.00', '2500000.00', '1400000.00', '900000.00'],
  },
  {
    code: 'AMB-SABINA', name: 'Sabina (Ambito demo di piccoli Comuni)', regionCode: '12',
    comuni: ['A472', 'B631', 'C224', 'F319', 'F430', 'D124', 'C959'], form: 'ASSOCIATED_ALL', lead: 'CONS-DEMO-SABINA',
    bodies: ['ASL-DEMO-RI', 'COMUNE-A472', 'COMUNE-B631', 'COMUNE-C224'], finalised: false,
    services: [
      ['P1.01', ALL, 610, '42000.00'], ['P1.02', ALL, 540, '118000.00'], ['P2.01', ELDERLY, 64, '231000.00'],
      ['P2.05', ['ELDERLY', 'DISABILITY'], 85, '39000.00'], ['P3.04', ELDERLY, 22, '61000.00', 25],
    ],
    staff: [['SOCIAL_WORKER', 2, '1.50', 'AMBITO_BODY', 'PERMANENT', 'CONS-DEMO-SABINA'], ['SOCIAL_HEALTH_OPERATOR', 6, '4.50', 'THIRD_SECTOR', 'OUTSOURCED']],
    fnps: ['61000.00', '88000.00', '35000.00', '12000.00', '20000.00'],
    fna: ['74000.00', '52000.00', '9000.00'],
  },
];

/** The demo SIOSS operator: invented, with a well-formed codice fiscale. */
export function demoOperatorTaxCode(): string {
  return composeCodiceFiscale({ surname: 'VERDI', name: 'LAURA', sex: 'F', born: '1979-06-21', birthPlace: 'H501' });
}

const beneficiaries = (total: number): FundModuleInput['beneficiaries'] => [
  { sex: 'FEMALE', ageBand: 'AGE_18_64', count: Math.round(total * 0.22) },
  { sex: 'MALE', ageBand: 'AGE_18_64', count: Math.round(total * 0.18) },
  { sex: 'FEMALE', ageBand: 'AGE_75_PLUS', count: Math.round(total * 0.27) },
  { sex: 'MALE', ageBand: 'AGE_75_PLUS', count: Math.round(total * 0.15) },
  { sex: 'FEMALE', ageBand: 'AGE_0_17', count: Math.round(total * 0.09) },
  { sex: 'MALE', ageBand: 'AGE_0_17', count: Math.round(total * 0.09) },
];

/**
 * Loads the demo Ambiti, bodies and each Ambito's declaration for the previous year through the
 * normal write path (validation, roles, change log), only when no Ambito exists yet. The Sabina
 * declaration stays a DRAFT; the others are finalised as on 15 May (on time) or now, if earlier.
 * Returns how many Ambiti were loaded.
 */
export async function seedDemoData(em: EntityManager, options: { deadline: Deadline; now?: () => Date }): Promise<number> {
  if ((await em.fork().count(Ambito, {})) > 0) return 0;
  const realNow = options.now ?? (() => new Date());
  const year = realNow().getUTCFullYear() - 1;
  const onTime = new Date(`${year + 1}-05-15T09:00:00Z`);
  const settings = { deadline: options.deadline, now: () => (realNow() < onTime ? realNow() : onTime) };
  const operatorTaxCode = demoOperatorTaxCode();
  const as = (viewer: Viewer): WriteContext => ({ em: em.fork(), viewer, settings });
  const ministry = trustedViewer({ roles: [Role.MINISTRY_ANALYST], operatorTaxCode });

  for (const [code, name, kind] of BODIES) await registerImplementingBody(as(ministry), { code, name, kind });
  for (const ambito of AMBITI) {
    const referent = trustedViewer({ roles: [Role.AMBITO_REFERENT], ambitoCode: ambito.code, operatorTaxCode });
    await registerAmbito(as(ministry), { code: ambito.code, name: ambito.name, regionCode: ambito.regionCode, comuni: ambito.comuni });
    await setGovernance(as(referent), { ambitoCode: ambito.code, managementForm: ambito.form, leadBodyCode: ambito.lead, implementingBodyCodes: ambito.bodies });
    if (ambito.form !== 'SINGLE') {
      await addAgreement(as(referent), {
        ambitoCode: ambito.code, kind: 'ASSOCIATIVE_CONVENTION', title: `Convenzione per la gestione associata dei servizi sociali - ${ambito.name}`,
        signedOn: '2019-03-01', validTo: '2028-12-31', partyBodyCodes: [ambito.lead, ...ambito.bodies.filter((code) => code.startsWith('COMUNE-'))],
      });
    }
    const key = { ambitoCode: ambito.code, year };
    await openDeclaration(as(referent), key);
    for (const [catalogueCode, targetUsers, usersServed, spending, capacity, body] of ambito.services) {
      const service: ServiceInput = { catalogueCode, managingBodyCode: body ?? ambito.lead, targetUsers, usersServed, spending, capacity: capacity ?? null };
      await addService(as(referent), { ...key, service });
    }
    for (const [profession, headCount, fte, employerKind, contractType, body] of ambito.staff) {
      const professional: ProfessionalInput = { profession, headCount, fte, employerKind, contractType, employerBodyCode: body ?? null };
      await addProfessional(as(referent), { ...key, professional });
    }
    await setFundModule(as(referent), { ...key, fund: 'FNPS', amounts: ambito.fnps.map((amount, index) => ({ areaCode: `M${index + 1}`, amount })), beneficiaries: [] });
    if (ambito.fna) {
      const served = ambito.services.reduce((sum, service) => sum + service[2], 0);
      await setFundModule(as(referent), { ...key, fund: 'FNA', amounts: ambito.fna.map((amount, index) => ({ areaCode: `FNA${index + 1}`, amount })), beneficiaries: beneficiaries(Math.round(served / 20)) });
    }
    if (ambito.finalised) await finaliseDeclaration(as(referent), key);
  }
  return AMBITI.length;
}

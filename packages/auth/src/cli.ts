import { parseArgs } from 'node:util';
import { loadHubConfig } from '@siuss/config/config';
import { ConfigError } from '@siuss/config/env';
import { loadJwtSettings } from './config.ts';
import { DEMO_IDENTITIES, demoClaims } from './demo-identities.ts';
import { mintDevelopmentToken } from './dev-tokens.ts';
import { isRole, ROLES, type HubClaims } from './roles.ts';

// `npm run token`: development tokens signed with the data folder's development key.

const USAGE = `Usage: npm run -s token -- --role ROLE [--ente CODE] [--sub CODICE_FISCALE] [--ambito CODE] [--region NN] [--scope "a b"] [--hours 8]
       npm run -s token -- --all
Prints a development token (signed with .data/dev-keys/private.pem) that the gateway of \`npm start\` accepts.
Roles: ${ROLES.join(', ')}. Unset claims come from the role's demo identity; scopes from ROLE_SCOPES.
Use it as the header  Authorization: Bearer <token>  (in GraphiQL: the Headers tab).`;

const describe = (claims: HubClaims): string => [
  `sub ${claims.sub}`,
  ...(claims.ente ? [`ente ${claims.ente}`] : []),
  ...(claims.ambito ? [`ambito ${claims.ambito}`] : []),
  ...(claims.region ? [`region ${claims.region}`] : []),
  `scope "${claims.scope}"`,
].join(', ');

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' }, ente: { type: 'string' }, sub: { type: 'string' }, ambito: { type: 'string' }, region: { type: 'string' },
        scope: { type: 'string' }, hours: { type: 'string', default: '8' }, all: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    console.error(`--hours ${values.hours} is not a number of hours between 0 and 720.`);
    return 2;
  }
  let settings;
  try {
    const hub = loadHubConfig();
    if (hub.environment === 'production') {
      console.error('npm run token mints development tokens only; in production tokens come from the identity provider (SIUSS_JWT_*).');
      return 1;
    }
    settings = loadJwtSettings(process.env, hub);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    if (values.all) {
      for (const role of ROLES) {
        const claims = demoClaims(role);
        console.log(`# ${role}: ${DEMO_IDENTITIES[role].description} (${describe(claims)})`);
        console.log(await mintDevelopmentToken(settings, claims, hours));
      }
      console.error(`${ROLES.length} development tokens, valid ${hours} hours, for issuer ${settings.issuer} and audience ${settings.audience}.`);
      return 0;
    }
    if (!values.role) {
      console.error(`--role or --all is required.\n\n${USAGE}`);
      return 2;
    }
    const role = values.role.toUpperCase();
    if (!isRole(role)) {
      console.error(`--role ${values.role} is not a hub role: use one of ${ROLES.join(', ')}.`);
      return 2;
    }
    const claims = demoClaims(role, { sub: values.sub?.toUpperCase(), ente: values.ente?.toUpperCase(), ambito: values.ambito, region: values.region, scope: values.scope });
    const token = await mintDevelopmentToken(settings, claims, hours);
    // The token alone on stdout, so `TOKEN=$(npm run -s token -- ...)` works; what it is on stderr.
    console.log(token);
    console.error(`${role} token, valid ${hours} hours: ${describe(claims)}.`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

process.exitCode = await main();

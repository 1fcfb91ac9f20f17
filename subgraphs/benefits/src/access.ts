import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Viewer } from '@siuss/service/viewer';

const same = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * A person's access log is readable by the person's own token (role DATA_SUBJECT whose `sub`,
 * the viewer's operatorTaxCode, is `taxCode`) and by a data-protection officer (role DPO). Anyone
 * else gets FORBIDDEN naming what is missing; checked before the log is read.
 */
export function assertAccessLogReader(viewer: Viewer, taxCode: string): void {
  if (viewer.authenticated && viewer.roles.includes('DPO')) return;
  if (viewer.authenticated && viewer.roles.includes('DATA_SUBJECT')) {
    if (viewer.operatorTaxCode && same(viewer.operatorTaxCode, taxCode)) return;
    throw domainError(
      ErrorCode.FORBIDDEN,
      'A DATA_SUBJECT token reads only the access log of its own codice fiscale (the token\'s sub), and this is another person\'s; a data-protection officer (role DPO) reads any.',
      { missing: 'sub = taxCode, or role DPO' },
    );
  }
  throw domainError(
    ErrorCode.FORBIDDEN,
    `Reading an access log requires role DPO, or role DATA_SUBJECT for one's own codice fiscale; this viewer ${viewer.authenticated ? `has roles ${viewer.roles.length ? viewer.roles.join(', ') : '(none)'}` : 'carries no verified identity'}.`,
    { missing: 'role DPO or DATA_SUBJECT' },
  );
}

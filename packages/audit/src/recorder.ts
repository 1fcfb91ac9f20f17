import { personSubject, type AuditAction, type AuditSubject } from './entry.ts';

/** A subject as a rule may give it: one, several, none, or later (a DataLoader's promise). */
export type SubjectLike = AuditSubject | readonly AuditSubject[] | null | undefined | PromiseLike<AuditSubject | readonly AuditSubject[] | null | undefined>;

/** What one request did to one subject: the fields it read or wrote, and the first error. */
export interface NotedAccess {
  subject: AuditSubject | null;
  action: AuditAction;
  fields: string[];
  errorCode: string | null;
}

interface Note {
  subject: AuditSubject | null;
  action: AuditAction;
  fields: Set<string>;
  errorCode: string | null;
}

const keyOf = (subject: AuditSubject | null): string => (subject ? `${subject.kind}:${subject.id}` : '');
const isPromiseLike = (value: unknown): value is PromiseLike<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * What one request touched, one note per subject: the audit plugin fills it from the fields that
 * resolve, and resolvers add what the plugin cannot see (`read(taxCode, field)`). At the end of
 * the request the plugin turns each note into one audit entry, so a person read through several
 * fields leaves one entry listing them. Fresh per request (created with the context).
 */
export class AuditRecorder {
  private readonly notes = new Map<string, Note>();
  private readonly pending: Array<Promise<void>> = [];
  private unresolved = 0;

  /** Notes that this request read `field` (a `Type.field` coordinate) of a person (codice fiscale) or other subject. */
  read(subject: AuditSubject | string, field: string): void {
    this.note(typeof subject === 'string' ? personSubject(subject) : subject, field, 'READ');
  }

  /** Notes that this request wrote `field` about a subject, or about no person (null). */
  write(subject: AuditSubject | string | null, field: string): void {
    this.note(typeof subject === 'string' ? personSubject(subject) : subject, field, 'WRITE');
  }

  /**
   * Notes an access. A read of no subject is not noted (nothing about anyone was read); a write of
   * no subject is (every write is recorded). A promised subject is noted when it resolves; one
   * that fails is noted as a write-or-read of no subject, so the access is still recorded.
   */
  note(subject: SubjectLike, field: string, action: AuditAction, errorCode: string | null = null): void {
    if (isPromiseLike(subject)) {
      this.pending.push(Promise.resolve(subject).then(
        (resolved) => this.note(resolved, field, action, errorCode),
        () => {
          this.unresolved += 1;
          this.add(null, field, action, errorCode);
        },
      ));
      return;
    }
    if (subject === null || subject === undefined) {
      if (action === 'WRITE') this.add(null, field, action, errorCode);
      return;
    }
    if (Array.isArray(subject)) {
      for (const one of subject as readonly AuditSubject[]) this.add(one, field, action, errorCode);
      return;
    }
    this.add(subject as AuditSubject, field, action, errorCode);
  }

  /** Waits for promised subjects, then returns one access per subject; `unresolved` counts subjects that could not be found. */
  async settle(): Promise<{ accesses: NotedAccess[]; unresolved: number }> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
    const accesses = [...this.notes.values()].map((note) => ({ subject: note.subject, action: note.action, fields: [...note.fields], errorCode: note.errorCode }));
    return { accesses, unresolved: this.unresolved };
  }

  private add(subject: AuditSubject | null, field: string, action: AuditAction, errorCode: string | null): void {
    const key = keyOf(subject);
    const note = this.notes.get(key);
    if (!note) {
      this.notes.set(key, { subject, action, fields: new Set([field]), errorCode });
      return;
    }
    note.fields.add(field);
    if (action === 'WRITE') note.action = 'WRITE';
    note.errorCode ??= errorCode;
  }
}

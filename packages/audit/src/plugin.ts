import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '@siuss/errors/codes';
import { domainError } from '@siuss/errors/errors';
import type { Logger } from '@siuss/logging/logger';
import { auditEntry, type AuditActor, type AuditSubject } from './entry.ts';
import { AuditRecorder, type SubjectLike } from './recorder.ts';
import type { AuditSink } from './writer.ts';

/** The header a request states its purpose in; required for reads of a person's data (SIUSS_REQUIRE_PURPOSE). */
export const PURPOSE_HEADER = 'x-siuss-purpose';

/** What the audit plugin needs of a subgraph's context: the viewer and the request's recorder. */
export interface AuditedContext {
  viewer: AuditActor;
  audit: AuditRecorder;
}

/** Finds the subject of a field from its arguments, its parent and, once resolved, its result. */
export type FieldSubjectRule<TContext> = (input: { source: any; args: any; result: unknown; context: TContext }) => SubjectLike;

/**
 * What is audited in one subgraph. `types`: object types all of whose fields are data about one
 * subject, found from the parent object (a `Person`, a `SinaAssessment`); each field read is
 * noted under that subject. `fields`: `Type.field` coordinates whose subject comes from arguments
 * or the result (`Query.person(taxCode:)`, a mutation's input). Every field of the Mutation type
 * is a write and is recorded, with the subject its rule gives or none. `purposeExempt`: audited
 * fields that do not need a stated purpose (the data subject's own access log).
 */
export interface AuditRules<TContext> {
  types?: Readonly<Record<string, (source: any, context: TContext) => SubjectLike>>;
  fields?: Readonly<Record<string, FieldSubjectRule<TContext>>>;
  purposeExempt?: readonly string[];
}

/** How a subgraph server is audited: where its entries go, and whether person reads need a stated purpose. */
export interface AuditOptions {
  /** The process's writer (createAuditWriter); the server closes it when it stops. */
  sink: AuditSink;
  /** SIUSS_REQUIRE_PURPOSE. */
  requirePurpose: boolean;
}

export interface AuditPluginOptions<TContext> {
  /** The subgraph's name, recorded with each entry. */
  subgraph: string;
  /** Where entries go; the plugin closes it when the server stops. */
  sink: AuditSink;
  rules: AuditRules<TContext>;
  /** SIUSS_REQUIRE_PURPOSE: refuse authenticated reads of a person's data that state no purpose. */
  requirePurpose: boolean;
  logger: Logger;
}

const codeOf = (error: unknown): string => {
  const code = (error as { extensions?: Record<string, unknown> } | null)?.extensions?.['code'];
  return typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
};

/**
 * The audited fields an operation selects, as `Type.field` coordinates (fragments included),
 * without those exempt from the purpose rule. Static: known before anything is read.
 */
export function auditedFieldsOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, rules: AuditRules<unknown>): string[] {
  const types = rules.types ?? {};
  const fields = rules.fields ?? {};
  const exempt = new Set(rules.purposeExempt ?? []);
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(document, visitWithTypeInfo(typeInfo, {
    OperationDefinition(node) {
      // Only the operation that runs; fragments are visited on their own, with their type condition.
      if (operationName !== null && node.name?.value !== operationName) return false;
      return undefined;
    },
    Field(node) {
      const parent = typeInfo.getParentType();
      if (!parent || node.name.value.startsWith('__')) return;
      const coordinate = `${parent.name}.${node.name.value}`;
      if ((parent.name in types || coordinate in fields) && !exempt.has(coordinate)) found.add(coordinate);
    },
  }));
  return [...found].sort();
}

/**
 * The audit plugin of a subgraph's Apollo server. While a request executes it notes, in the
 * request's `AuditRecorder` (`context.audit`), every field the rules cover under its subject; at
 * `willSendResponse` it appends one entry per (request, subject) to the sink, and for a request that
 * wrote it waits for the flush, so an acknowledged write is in the log unless the database refused
 * it (then the entries are retried). Before execution it refuses, with FORBIDDEN naming the
 * header, an authenticated query that reads a person's data without a stated purpose (when
 * `requirePurpose`), and with SERVICE_UNAVAILABLE any audited operation while the sink is full,
 * so nothing is read that could not be recorded.
 */
export function auditPlugin<TContext extends AuditedContext>(options: AuditPluginOptions<TContext>): ApolloServerPlugin<TContext> {
  const { sink, rules, subgraph, logger } = options;
  const typeRules = rules.types ?? {};
  const fieldRules = rules.fields ?? {};
  // Per parsed document (Apollo caches them) and operation name: the analysis runs once per query text.
  const auditedCache = new WeakMap<DocumentNode, Map<string | null, string[]>>();

  const auditedFields = (context: GraphQLRequestContextDidResolveOperation<TContext>): string[] => {
    const perName = auditedCache.get(context.document) ?? new Map<string | null, string[]>();
    auditedCache.set(context.document, perName);
    const cached = perName.get(context.operationName);
    if (cached) return cached;
    const found = auditedFieldsOf(context.schema, context.document, context.operationName, rules as AuditRules<unknown>);
    perName.set(context.operationName, found);
    return found;
  };

  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await sink.close();
        },
      };
    },

    async requestDidStart(requestContext) {
      const at = new Date();
      const { contextValue } = requestContext;
      // A context built without a recorder (a test's own) is still audited.
      const recorder = contextValue.audit ?? new AuditRecorder();
      const subjects = new WeakMap<object, SubjectLike>();
      const subjectOf = (source: unknown, rule: (source: any, context: TContext) => SubjectLike): SubjectLike => {
        if (typeof source !== 'object' || source === null) return rule(source, contextValue);
        if (!subjects.has(source)) subjects.set(source, rule(source, contextValue));
        return subjects.get(source);
      };
      let mutationType: string | undefined;

      return {
        async didResolveOperation(context) {
          mutationType = context.schema.getMutationType()?.name;
          const { viewer } = context.contextValue;
          const purposeMissing = options.requirePurpose && viewer.authenticated && !viewer.purpose && context.operation?.operation === 'query';
          if (!purposeMissing && sink.accepting) return;
          const audited = context.operation?.operation === 'mutation' ? ['Mutation'] : auditedFields(context);
          if (audited.length === 0) return;
          if (!sink.accepting) {
            throw domainError(ErrorCode.SERVICE_UNAVAILABLE, 'The audit log cannot be written right now, so data it must record is not served; retry in a few seconds.', {
              http: { status: 503 },
            });
          }
          throw domainError(
            ErrorCode.FORBIDDEN,
            `Reading a person's data requires a stated purpose: send the ${PURPOSE_HEADER} header (e.g. "${PURPOSE_HEADER}: presa in carico"). It is recorded in the audit log. This operation reads ${audited.join(', ')}.`,
            { missing: `header ${PURPOSE_HEADER}`, fields: audited, http: { status: 403 } },
          );
        },

        async executionDidStart() {
          return {
            willResolveField({ source, args, info }) {
              const parent = info.parentType.name;
              const coordinate = `${parent}.${info.fieldName}`;
              const typeRule = typeRules[parent];
              if (typeRule) {
                try {
                  recorder.note(subjectOf(source, typeRule), coordinate, 'READ');
                } catch (error) {
                  logger.error({ errorName: (error as Error).name, field: coordinate }, 'audit rule failed; the read is recorded without its subject');
                  recorder.note(Promise.reject(error), coordinate, 'READ');
                }
              }
              const fieldRule = fieldRules[coordinate];
              const write = parent === mutationType;
              if (!fieldRule && !write) return undefined;
              return (error, result) => {
                let subject: SubjectLike = null;
                try {
                  subject = fieldRule ? fieldRule({ source, args, result, context: contextValue }) : null;
                } catch (ruleError) {
                  logger.error({ errorName: (ruleError as Error).name, field: coordinate }, 'audit rule failed; the access is recorded without its subject');
                  subject = Promise.reject(ruleError);
                }
                recorder.note(subject, coordinate, write ? 'WRITE' : 'READ', error ? codeOf(error) : null);
              };
            },
          };
        },

        async willSendResponse(context) {
          const { accesses, unresolved } = await recorder.settle();
          if (unresolved > 0) logger.warn({ unresolved, subgraph }, 'audit: some subjects could not be resolved; recorded without a subject');
          if (accesses.length === 0) return;
          const header = context.request.http?.headers.get('x-request-id');
          const requestId = header && header.length <= 100 ? header : randomUUID();
          const base = {
            actor: context.contextValue.viewer,
            subgraph,
            operationType: context.operation?.operation ?? 'unknown',
            operationName: context.operationName ?? null,
            requestId,
            at,
          };
          sink.append(accesses.map((access) => auditEntry({ ...base, action: access.action, subject: access.subject as AuditSubject | null, fields: access.fields, errorCode: access.errorCode })));
          if (accesses.some((access) => access.action === 'WRITE')) await sink.flush();
        },
      };
    },
  };
}

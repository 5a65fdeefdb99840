/**
 * Checks an answer of one of our handlers (the servers we implement: Hive webstore-profile, STOVE payment-complete)
 * against the response the spec documents for its status, with a JSON Schema 2020-12 validator (OpenAPI 3.1's
 * schema dialect), independent of the handlers' own checks.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { escapeToken, follow, resolvePointer } from '../../scripts/spec.js';
import type { Spec, SpecOperation } from './spec.js';

export interface AnswerCheck {
  /** every way the answer departs from the spec (empty: it conforms) */
  check(op: SpecOperation, status: number, contentType: string | null, body: unknown): string[];
}

const checkers = new WeakMap<Spec, AnswerCheck>();

export function answerChecker(spec: Spec): AnswerCheck {
  const known = checkers.get(spec);
  if (known) return known;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(spec.doc, 'spec');
  const checker: AnswerCheck = {
    check(op, status, contentType, body) {
      // the response, its `$ref` followed: the schema is compiled at the pointer the response really sits at
      const { node: response, pointer } = follow(spec.doc, `${op.pointer}/responses/${status}`);
      if (!response) return [`status ${status} is not documented for ${op.id}`];
      const media = Object.keys(response.content ?? {});
      if (!media.length) return body === undefined ? [] : [`status ${status} of ${op.id} documents no body`];
      const type = (contentType ?? '').split(';')[0]!.trim();
      if (!media.includes(type)) return [`content-type "${contentType}" is not one of ${media.join(', ')}`];
      const ref = `spec#${pointer}/content/${escapeToken(type)}/schema`;
      const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '$'} ${e.message ?? 'is invalid'}`);
    },
  };
  checkers.set(spec, checker);
  return checker;
}

/** The statuses `op` documents. */
export const documentedStatuses = (spec: Spec, op: SpecOperation): number[] =>
  Object.keys(resolvePointer(spec.doc, `${op.pointer}/responses`) ?? {})
    .filter((s) => /^\d{3}$/.test(s))
    .map(Number);

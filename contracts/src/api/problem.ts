import { Type, type Static } from '@sinclair/typebox';

/** RFC 9457 `application/problem+json`; `errors` lists field problems (`index` = event in a batch). */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            index: Type.Optional(Type.Integer({ minimum: 0 })),
            pointer: Type.String(),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type Problem = Static<typeof Problem>;
export type ProblemError = NonNullable<Problem['errors']>[number];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

import { Type } from '@sinclair/typebox';

/** A list page's `nextCursor` (api.md "Lists"): present while more items remain, absent on the last page. */
export const NextCursor = Type.Optional(
  Type.String({ minLength: 1, maxLength: 4096, description: 'an opaque cursor for the next page, present while more items remain' }),
);

import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { DEFAULT_LIMIT, MAX_LIMIT } from './page-cursor';

/** OpenAPI for the paging parameters of a list route (api.md "Lists"). */
export function PageQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, description: `items per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})` }),
    ApiQuery({
      name: 'cursor',
      required: false,
      description:
        "the previous page's nextCursor; it carries the query (other parameters may be left out or repeated unchanged). The response has nextCursor while more remain",
    }),
  );
}

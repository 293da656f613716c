// Checks of a served OpenAPI document, for tests: what a reader of /docs-json would trip over.

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every `$ref` in the document that names nothing in it. */
export function unresolvedRefs(document: Json): string[] {
  const found: string[] = [];
  const resolves = (ref: string) =>
    ref.startsWith('#/') &&
    ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Json)[part] : undefined), document) !== undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && !resolves(value)) found.push(value);
        else walk(value);
      }
    }
  };
  walk(document);
  return found;
}

/**
 * Operations whose request body, or a 2xx/4xx response that has a body, comes without a schema
 * (204 and a response declared `content: {}` have none by design).
 */
export function operationsWithoutSchemas(document: Json): string[] {
  const gaps: string[] = [];
  const paths = (document.paths ?? {}) as Record<string, Json>;
  const lacksSchema = (content: unknown) =>
    typeof content !== 'object' || content === null || Object.values(content as Record<string, Json>).some((media) => media.schema === undefined);
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method] as { requestBody?: { content?: unknown }; responses?: Record<string, { content?: unknown }> } | undefined;
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      if (operation.requestBody && lacksSchema(operation.requestBody.content)) gaps.push(`${name} request body`);
      const responses = Object.entries(operation.responses ?? {});
      if (!responses.some(([status]) => /^2/.test(status))) gaps.push(`${name} has no 2xx response`);
      for (const [status, response] of responses) {
        if (!/^[24]/.test(status) || status === '204') continue;
        if (response.content === undefined || lacksSchema(response.content)) gaps.push(`${name} ${status}`);
      }
    }
  }
  return gaps;
}

/** A schema as plain JSON: TypeBox's symbol keys dropped. */
export function plainSchema(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/**
 * Replaces every part of `schema` (not the whole) that equals one of `named` by a `$ref` to it.
 * TypeBox inlines what a schema is built from (AlertList holds a copy of Alert), so equal JSON
 * means the same contract; naming it once keeps documents readable.
 */
export function referToNamed(schema: unknown, named: ReadonlyMap<string, string>): Record<string, unknown> {
  const replace = (node: unknown, root: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => replace(item, false));
    if (typeof node !== 'object' || node === null) return node;
    const ref = root ? undefined : named.get(JSON.stringify(node));
    if (ref !== undefined) return { $ref: ref };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, replace(value, false)]));
  };
  return replace(plainSchema(schema), true) as Record<string, unknown>;
}

/** `named` for referToNamed: each schema's JSON → the reference that names it. */
export function namedByJson(entries: Iterable<[ref: string, schema: unknown]>): Map<string, string> {
  const named = new Map<string, string>();
  for (const [ref, schema] of entries) named.set(JSON.stringify(plainSchema(schema)), ref);
  return named;
}

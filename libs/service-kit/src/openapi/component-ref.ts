export type SchemaMap = Record<string, Record<string, unknown>>;

export const componentRef = (name: string) => `#/components/schemas/${name}`;

import { fieldName, type FieldError } from './validation/field-errors';

// NUL, or a UTF-16 surrogate without its pair: PostgreSQL's text and jsonb refuse the first, and
// the second is not Unicode at all, so an event holding either could never be stored downstream.
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/** The text with each NUL and lone surrogate replaced by U+FFFD: what text and jsonb can hold. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, '\ufffd') : text;
}

/**
 * Every string (value or field name) in a parsed JSON value that holds NUL or a lone surrogate,
 * as JSON pointers; at most `cap`. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, rootLabel: string, cap = 20): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next && errors.length < cap; next = stack.pop()) {
    const [current, pointer] = next;
    if (typeof current === 'string') {
      const problem = describe(current);
      if (problem) errors.push({ pointer, message: `${fieldName(pointer, rootLabel)} ${problem}` });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], `${pointer}/${i}`]);
    } else if (typeof current === 'object' && current !== null) {
      const members: [unknown, string][] = [];
      for (const [key, member] of Object.entries(current)) {
        const problem = describe(key);
        // A bad field name is reported at its object: a pointer holding it would carry the same bytes.
        if (problem) errors.push({ pointer, message: `a field name in ${fieldName(pointer, rootLabel)} ${problem}` });
        else members.push([member, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
      }
      for (let i = members.length - 1; i >= 0; i--) stack.push(members[i]);
    }
  }
  return errors.slice(0, cap);
}

function describe(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  return found[0] === '\0' ? 'must not hold a NUL character (U+0000)' : 'must not hold a lone surrogate (e.g. \\ud800): it is not valid Unicode';
}

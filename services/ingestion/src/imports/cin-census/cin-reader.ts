// Streams a CIN census XML file one <Child> at a time: memory stays flat whatever the file size.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFileError } from '../import-types';
import { decoderFor, localName } from '../xml-text';

/** An element of a <Child>, namespace prefix dropped. */
export interface CinElement {
  name: string;
  /** The line its start tag is on (1-based). */
  line: number;
  /** Trimmed text of a leaf element; '' for an element with children. */
  text: string;
  children: CinElement[];
  /** Non-blank text beside child elements (ignored, but worth a warning). */
  strayText?: boolean;
}

/** `<Header><CollectionDetails>`, as written (not checked here). */
export interface CinCollectionDetails {
  collection?: string;
  year?: string;
  referenceDate?: string;
}

export interface CinChild {
  /** The line `<Child>` starts on: the `row` of its problems. */
  line: number;
  /** The `<Child>` element itself. */
  element: CinElement;
  /** The header's collection details, when the file has them (the header comes before <Children>). */
  collection?: CinCollectionDetails;
}

export type CinInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer>;

// Guards against a file that is XML but not a census: a real child has ~20–200 elements.
export const MAX_ELEMENTS_PER_CHILD = 10_000;
// Values are dates and short codes; a longer text is invalid anyway, so only its start is kept.
const MAX_TEXT = 256;

interface Open {
  element: CinElement;
  text: string;
}

/**
 * Reads the file; `collection` is set once the header has been read. Throws ImportFileError for
 * a file that is not well-formed XML or not a CIN census (root <Message> holding <Children>),
 * possibly after some children were yielded: the caller publishes nothing until the end.
 */
export class CinCensusReader {
  private details: CinCollectionDetails | undefined;
  private childrenRead = 0;

  constructor(private readonly file: string) {}

  get collection(): CinCollectionDetails | undefined {
    return this.details;
  }

  get children(): number {
    return this.childrenRead;
  }

  async *read(input: CinInput): AsyncGenerator<CinChild> {
    const ready: CinChild[] = [];
    const parser = this.parser(ready);
    const decode = decoderFor(this.file);
    let first = true;
    for await (const chunk of input as AsyncIterable<string | Buffer>) {
      let text = typeof chunk === 'string' ? chunk : decode(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      this.feed(parser, text);
      yield* ready.splice(0);
    }
    this.feed(parser, decode(), true);
    yield* ready.splice(0);
  }

  // Errors of the input stream itself pass through; only the parser's become file errors.
  private feed(parser: SaxesParser, text: string, last = false): void {
    try {
      parser.write(text);
      if (last) parser.close();
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError(this.file, `not well-formed XML: ${(error as Error).message}`);
    }
  }

  private parser(ready: CinChild[]): SaxesParser {
    const parser = new SaxesParser();
    const path: string[] = []; // local names of the open elements outside a <Child>
    const open: Open[] = []; // the open elements of the current <Child>
    let header: CinCollectionDetails = {};
    let headerText = '';
    let tagLine = 1;
    let elements = 0;
    let sawChildren = false;

    parser.on('error', (error) => {
      throw new ImportFileError(this.file, `not well-formed XML: ${error.message}`);
    });
    // Names end on the line they start on, so the line at opentagstart is the tag's own.
    parser.on('opentagstart', () => {
      tagLine = parser.line;
    });
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag.name);
      if (open.length > 0) {
        if (++elements > MAX_ELEMENTS_PER_CHILD) {
          throw new ImportFileError(this.file, `the <Child> on line ${open[0].element.line} has more than ${MAX_ELEMENTS_PER_CHILD} elements`);
        }
        const element: CinElement = { name, line: tagLine, text: '', children: [] };
        open[open.length - 1].element.children.push(element);
        open.push({ element, text: '' });
        return;
      }
      if (path.length === 0 && name !== 'Message') {
        throw new ImportFileError(this.file, `not a CIN census: the root element is <${tag.name.slice(0, 64)}>, not <Message>`);
      }
      if (name === 'Child' && isAt(path, 'Message', 'Children')) {
        elements = 1;
        open.push({ element: { name, line: tagLine, text: '', children: [] }, text: '' });
        return;
      }
      if (name === 'Children' && isAt(path, 'Message')) sawChildren = true;
      path.push(name);
      headerText = '';
    });
    const onText = (text: string) => {
      if (open.length > 0) {
        const top = open[open.length - 1];
        // Indentation never fills the budget: only text from the first non-blank on is kept.
        if (top.text.length < MAX_TEXT && (top.text !== '' || text.trim() !== '')) top.text += text.slice(0, MAX_TEXT);
      } else if (headerText.length < MAX_TEXT) {
        headerText += text.slice(0, MAX_TEXT);
      }
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', () => {
      const closing = open.pop();
      if (closing) {
        const { element } = closing;
        const text = closing.text.trim();
        if (element.children.length === 0) element.text = text;
        else if (text !== '') element.strayText = true;
        if (open.length === 0) {
          this.childrenRead++;
          ready.push({ line: element.line, element, collection: this.details });
        }
        return;
      }
      if (isAt(path, 'Message', 'Header', 'CollectionDetails')) {
        this.details = header;
      } else if (isAt(path, 'Message', 'Header', 'CollectionDetails', path[3])) {
        const value = headerText.trim();
        if (path[3] === 'Collection') header = { ...header, collection: value };
        if (path[3] === 'Year') header = { ...header, year: value };
        if (path[3] === 'ReferenceDate') header = { ...header, referenceDate: value };
      }
      path.pop();
    });
    parser.on('end', () => {
      if (!sawChildren) throw new ImportFileError(this.file, 'not a CIN census: <Message> has no <Children>');
    });
    return parser;
  }
}

/** One `<Child>` at a time; see CinCensusReader for the header and the errors thrown. */
export function readCinCensus(input: CinInput, file: string): AsyncGenerator<CinChild> {
  return new CinCensusReader(file).read(input);
}

/**
 * The collection year (2023 = 1 April 2023 – 31 March 2024): the financial year holding the
 * header's ReferenceDate (31 March 2024 → 2023), else its Year as written.
 */
export function collectionYearOf(details: CinCollectionDetails | undefined): number | undefined {
  const date = /^(\d{4})-(\d{2})-\d{2}/.exec(details?.referenceDate ?? '');
  if (date) return Number(date[2]) >= 4 ? Number(date[1]) : Number(date[1]) - 1;
  return /^\d{4}$/.test(details?.year ?? '') ? Number(details?.year) : undefined;
}

function isAt(path: string[], ...names: string[]): boolean {
  return path.length === names.length && names.every((name, i) => path[i] === name);
}
